package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lunbridge.nbd.protocol.ClientOption;
import org.lunbridge.nbd.protocol.OptionCodec;
import org.lunbridge.nbd.protocol.OptionReply;
import org.lunbridge.nbd.protocol.Request;

@Timeout(20)
class HandshakeTest extends ServerFixture {
    private TestDevice disk;
    private RawClient client;

    @BeforeEach
    void setUp() throws Exception {
        disk = new TestDevice(SIZE, TestDevice.Caps.all());
        TestDevice other = new TestDevice(SIZE, new TestDevice.Caps());
        start(new Export("disk", "the disk", disk, false), new Export("other", "", other, true));
        client = RawClient.connect(server);
    }

    private OptionReply.Error expectError(int type) throws Exception {
        OptionReply reply = client.optionReply().reply();
        OptionReply.Error error = assertInstanceOf(OptionReply.Error.class, reply);
        assertEquals(nameOfOptionReply(type), nameOfOptionReply(error.type()));
        return error;
    }

    /** After an option error the same connection can still GO and read. */
    private void assertSameConnectionUsable() throws Exception {
        client.option(new ClientOption.Info(true, "disk", List.of()));
        assertInstanceOf(OptionReply.Ack.class, client.optionReplies().getLast());
        client.request(NBD_CMD_READ, 0, 1, 0, 512);
        assertEquals(0, client.reply(512).simpleError());
    }

    @Test
    void givenConnect_whenGreeted_thenFixedNewstyleAndNoZeroes() throws Exception {
        assertEquals(NBD_FLAG_FIXED_NEWSTYLE | NBD_FLAG_NO_ZEROES, client.greet(3));
    }

    @Test
    void givenUnknownClientFlag_whenSent_thenConnectionClosedAndOthersUnaffected() throws Exception {
        client.greet(4);
        assertTrue(client.serverClosed());
        assertServerStillServes("disk");
    }

    @Test
    void givenList_whenSent_thenEveryExportWithDescriptionThenAck() throws Exception {
        client.greet(3);
        client.option(new ClientOption.ListExports());
        assertEquals(List.of(new OptionReply.Server("disk", "the disk"), new OptionReply.Server("other", "test device"),
                new OptionReply.Ack()), client.optionReplies());
    }

    @Test
    void givenListWithData_whenSent_thenErrInvalidAndConnectionUsable() throws Exception {
        client.greet(3);
        client.send(OptionCodec.encodeRaw(NBD_OPT_LIST, ByteBuffer.wrap(new byte[] {1, 2})));
        expectError(NBD_REP_ERR_INVALID);
        assertSameConnectionUsable();
    }

    @Test
    void givenUnknownOption_whenSent_thenErrUnsupAndConnectionUsable() throws Exception {
        client.greet(3);
        client.send(OptionCodec.encodeRaw(99, ByteBuffer.wrap(new byte[] {1, 2, 3})));
        expectError(NBD_REP_ERR_UNSUP);
        client.send(OptionCodec.encodeRaw(NBD_OPT_PEEK_EXPORT, ByteBuffer.allocate(0)));
        expectError(NBD_REP_ERR_UNSUP);
        assertSameConnectionUsable();
    }

    @Test
    void givenInfoForUnknownExport_whenSent_thenErrUnknownAndConnectionUsable() throws Exception {
        client.greet(3);
        client.option(new ClientOption.Info(false, "nope", List.of()));
        expectError(NBD_REP_ERR_UNKNOWN);
        client.option(new ClientOption.Info(true, "nope", List.of()));
        expectError(NBD_REP_ERR_UNKNOWN);
        assertSameConnectionUsable();
    }

    @Test
    void givenInfoWithRequests_whenSent_thenExportNameDescriptionBlockSizeAckAndStillHaggling() throws Exception {
        client.greet(3);
        client.option(new ClientOption.Info(false, "", List.of(NBD_INFO_NAME, NBD_INFO_DESCRIPTION, 77)));
        int flags = NBD_FLAG_HAS_FLAGS | NBD_FLAG_SEND_FLUSH | NBD_FLAG_SEND_FUA | NBD_FLAG_SEND_TRIM
                | NBD_FLAG_SEND_WRITE_ZEROES | NBD_FLAG_CAN_MULTI_CONN | NBD_FLAG_SEND_CACHE
                | NBD_FLAG_SEND_FAST_ZERO;
        assertEquals(List.of(new OptionReply.InfoExport(SIZE, flags), new OptionReply.InfoName("disk"),
                new OptionReply.InfoDescription("the disk"), new OptionReply.InfoBlockSize(1, 4096, 32 << 20),
                new OptionReply.Ack()), client.optionReplies());
        assertSameConnectionUsable(); // INFO did not enter transmission
    }

    @Test
    void givenStructuredReplies_whenGo_thenSendDfAdvertised() throws Exception {
        client.handshake("disk", true, false, false);
        assertTrue((client.transmissionFlags & NBD_FLAG_SEND_DF) != 0);
        try (RawClient plain = RawClient.connect(server).handshake("disk", false, false, false)) {
            assertFalse((plain.transmissionFlags & NBD_FLAG_SEND_DF) != 0);
        }
    }

    @Test
    void givenReadOnlyExport_whenGo_thenReadOnlyAndNoWriteFlags() throws Exception {
        client.handshake("other", false, false, false);
        assertEquals(NBD_FLAG_HAS_FLAGS | NBD_FLAG_READ_ONLY, client.transmissionFlags);
    }

    @Test
    void givenExportNameWithoutNoZeroes_whenSent_thenSizeFlagsAnd124Zeroes() throws Exception {
        client.greet(NBD_FLAG_C_FIXED_NEWSTYLE);
        client.option(new ClientOption.ExportName("disk"));
        ByteBuffer reply = client.read(10 + 124);
        assertEquals(SIZE, reply.getLong());
        assertEquals(NBD_FLAG_HAS_FLAGS, reply.getShort() & NBD_FLAG_HAS_FLAGS);
        while (reply.hasRemaining()) {
            assertEquals(0, reply.get());
        }
        client.request(NBD_CMD_READ, 0, 5, 0, 16);
        assertEquals(5, client.reply(16).header().cookie());
    }

    @Test
    void givenExportNameWithNoZeroes_whenSent_thenTenBytesThenTransmission() throws Exception {
        client.greet(3);
        client.option(new ClientOption.ExportName(""));
        ByteBuffer reply = client.read(10);
        assertEquals(SIZE, reply.getLong());
        client.request(NBD_CMD_READ, 0, 6, 0, 16);
        RawClient.Reply read = client.reply(16);
        assertEquals(0, read.simpleError());
        assertEquals(6, read.header().cookie());
    }

    @Test
    void givenExportNameUnknown_whenSent_thenHardDisconnect() throws Exception {
        client.greet(3);
        client.option(new ClientOption.ExportName("nope"));
        assertTrue(client.serverClosed());
        assertServerStillServes("disk");
    }

    @Test
    void givenExtendedHeaders_whenExportNameSent_thenHardDisconnect() throws Exception {
        client.greet(3);
        client.option(new ClientOption.ExtendedHeaders());
        assertInstanceOf(OptionReply.Ack.class, client.optionReply().reply());
        client.option(new ClientOption.ExportName("disk"));
        assertTrue(client.serverClosed());
    }

    @Test
    void givenStartTls_whenSent_thenErrPolicyAndConnectionUsable() throws Exception {
        client.greet(3);
        client.option(new ClientOption.StartTls());
        expectError(NBD_REP_ERR_POLICY);
        assertSameConnectionUsable();
    }

    @Test
    void givenExtendedHeaders_whenStructuredRequested_thenErrExtHeaderReqd() throws Exception {
        client.greet(3);
        client.option(new ClientOption.ExtendedHeaders());
        assertInstanceOf(OptionReply.Ack.class, client.optionReply().reply());
        client.option(new ClientOption.StructuredReply());
        expectError(NBD_REP_ERR_EXT_HEADER_REQD);
    }

    @Test
    void givenAbort_whenSent_thenAckAndClose() throws Exception {
        client.greet(3);
        client.option(new ClientOption.Abort());
        assertInstanceOf(OptionReply.Ack.class, client.optionReply().reply());
        assertTrue(client.serverClosed());
    }

    @Test
    void givenOptionDataOver64KiB_whenSent_thenDiscardedErrTooBigAndConnectionUsable() throws Exception {
        client.greet(3);
        client.send(OptionCodec.encodeRaw(NBD_OPT_GO, ByteBuffer.allocate(Handshake.MAX_OPTION_BYTES + 1)));
        expectError(NBD_REP_ERR_TOO_BIG);
        assertSameConnectionUsable();
    }

    @Test
    void givenOptionLengthOver16MiB_whenHeaderSent_thenHardDisconnectWithoutReadingData() throws Exception {
        client.greet(3);
        client.send(ByteBuffer.allocate(16).putLong(IHAVEOPT).putInt(NBD_OPT_GO).putInt(0x7fffffff).flip());
        assertTrue(client.serverClosed());
        assertServerStillServes("disk");
    }

    @Test
    void givenBadOptionMagic_whenSent_thenHardDisconnect() throws Exception {
        client.greet(3);
        client.send(ByteBuffer.allocate(16).putLong(IHAVEOPT ^ 1).putInt(NBD_OPT_LIST).putInt(0).flip());
        assertTrue(client.serverClosed());
        assertServerStillServes("disk");
    }

    @Test
    void givenNoStructuredReplies_whenListMetaContext_thenErrInvalid() throws Exception {
        client.greet(3);
        client.option(new ClientOption.MetaContext(false, "disk", List.of()));
        expectError(NBD_REP_ERR_INVALID);
        assertSameConnectionUsable();
    }

    @Test
    void givenStructured_whenListMetaContext_thenEmptyAndBaseWildcardListAllocationUnknownIgnored()
            throws Exception {
        client.greet(3);
        client.option(new ClientOption.StructuredReply());
        client.optionReply();
        var allocation = new OptionReply.MetaContext(0, BASE_ALLOCATION);
        client.option(new ClientOption.MetaContext(false, "disk", List.of()));
        assertEquals(List.of(allocation, new OptionReply.Ack()), client.optionReplies());
        client.option(new ClientOption.MetaContext(false, "disk", List.of("base:")));
        assertEquals(List.of(allocation, new OptionReply.Ack()), client.optionReplies());
        client.option(new ClientOption.MetaContext(false, "disk", List.of("qemu:dirty-bitmap:x", "base:nope")));
        assertEquals(List.of(new OptionReply.Ack()), client.optionReplies());
        client.option(new ClientOption.MetaContext(false, "disk", List.of("nocolon")));
        expectError(NBD_REP_ERR_INVALID);
        client.option(new ClientOption.MetaContext(false, "nope", List.of()));
        expectError(NBD_REP_ERR_UNKNOWN);
    }

    @Test
    void givenStructured_whenSetMetaContext_thenBaseIgnoredAllocationSelectedWithNonzeroId() throws Exception {
        client.greet(3);
        client.option(new ClientOption.StructuredReply());
        client.optionReply();
        client.option(new ClientOption.MetaContext(true, "disk", List.of("base:")));
        assertEquals(List.of(new OptionReply.Ack()), client.optionReplies());
        client.option(new ClientOption.MetaContext(true, "disk", List.of()));
        assertEquals(List.of(new OptionReply.Ack()), client.optionReplies());
        client.option(new ClientOption.MetaContext(true, "disk", List.of(BASE_ALLOCATION)));
        List<OptionReply> replies = client.optionReplies();
        OptionReply.MetaContext context = assertInstanceOf(OptionReply.MetaContext.class, replies.get(0));
        assertEquals(BASE_ALLOCATION, context.name());
        assertTrue(context.contextId() != 0);
        assertInstanceOf(OptionReply.Ack.class, replies.get(1));
    }

    @Test
    void givenMetaContextSetForOtherExport_whenBlockStatus_thenEinval() throws Exception {
        client.greet(3);
        client.option(new ClientOption.StructuredReply());
        client.optionReply();
        client.option(new ClientOption.MetaContext(true, "other", List.of(BASE_ALLOCATION)));
        client.optionReplies();
        client.option(new ClientOption.Info(true, "disk", List.of()));
        client.optionReplies();
        client.request(NBD_CMD_BLOCK_STATUS, 0, 3, 0, 4096);
        RawClient.Reply reply = client.reply(0);
        assertEquals(new org.lunbridge.nbd.protocol.ReplyChunk.Error(22,
                "no metadata context selected for this export"), reply.chunk());
    }

    @Test
    void givenGoOnEmptyName_whenDefaultExportConfigured_thenDefaultServed() throws Exception {
        client.handshake("", false, false, false);
        assertEquals(SIZE, client.exportSize);
        client.request(new Request(0, NBD_CMD_WRITE, 1, 0, 3), new byte[] {1, 2, 3});
        assertEquals(0, client.reply(0).simpleError());
        assertEquals(2, disk.snapshot(1, 1)[0]);
    }
}
