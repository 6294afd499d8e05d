package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lunbridge.nbd.protocol.ReplyChunk;
import org.lunbridge.nbd.protocol.Request;
import org.lunbridge.nbd.spi.BlockSizes;

/** Every rejected request: the exact error, the device untouched, the stream still in step, others unaffected. */
@Timeout(20)
class ValidationTest extends ServerFixture {
    private static final int EPERM = 1, EINVAL = 22, ENOSPC = 28;
    private static final int MAX_PAYLOAD = 65536;

    private TestDevice writable;
    private TestDevice smallMaximumDevice;

    private void startExports() throws Exception {
        TestDevice.Caps aligned = TestDevice.Caps.all();
        aligned.blockSizes = new BlockSizes(512, 4096, MAX_PAYLOAD);
        TestDevice.Caps readOnly = new TestDevice.Caps();
        readOnly.readOnly = true;
        TestDevice.Caps noFlush = new TestDevice.Caps();
        TestDevice.Caps smallMaximum = TestDevice.Caps.all();
        smallMaximum.blockSizes = new BlockSizes(512, 4096, 4096);
        writable = new TestDevice(SIZE, TestDevice.Caps.all());
        smallMaximumDevice = new TestDevice(SIZE, smallMaximum);
        start(128, MAX_PAYLOAD, export("disk", writable), export("aligned", new TestDevice(SIZE, aligned)),
                export("ro", new TestDevice(SIZE, readOnly)), export("noflush", new TestDevice(SIZE, noFlush)),
                export("small-max", smallMaximumDevice));
    }

    /** export, request, payload sent (or null), expected NBD error. */
    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("disk", new Request(0, NBD_CMD_READ, 1, SIZE - 4, 8), null, EINVAL),
                Arguments.of("disk", new Request(0, NBD_CMD_READ, 1, SIZE + 1, 0), null, EINVAL),
                Arguments.of("disk", new Request(0, NBD_CMD_WRITE, 1, SIZE - 4, 8), new byte[8], ENOSPC),
                Arguments.of("disk", new Request(0, NBD_CMD_WRITE_ZEROES, 1, SIZE, 512), null, ENOSPC),
                Arguments.of("disk", new Request(0, NBD_CMD_TRIM, 1, SIZE - 512, 1024), null, EINVAL),
                Arguments.of("disk", new Request(0, NBD_CMD_CACHE, 1, SIZE, 1), null, EINVAL),
                Arguments.of("disk", new Request(0, NBD_CMD_READ, 1, -4096L, 8192), null, EINVAL),
                Arguments.of("disk", new Request(0, NBD_CMD_WRITE, 1, Long.MAX_VALUE, 8), new byte[8], ENOSPC),
                Arguments.of("disk", new Request(0, 9, 1, 0, 0), null, EINVAL),
                Arguments.of("disk", new Request(0, 0xffff, 1, 0, 512), null, EINVAL),
                Arguments.of("disk", new Request(1 << 7, NBD_CMD_READ, 1, 0, 512), null, EINVAL),
                Arguments.of("disk", new Request(NBD_CMD_FLAG_NO_HOLE, NBD_CMD_READ, 1, 0, 512), null, EINVAL),
                Arguments.of("disk", new Request(NBD_CMD_FLAG_DF, NBD_CMD_READ, 1, 0, 512), null, EINVAL),
                Arguments.of("disk", new Request(NBD_CMD_FLAG_REQ_ONE, NBD_CMD_WRITE, 1, 0, 4), new byte[4],
                        EINVAL),
                Arguments.of("disk", new Request(NBD_CMD_FLAG_PAYLOAD_LEN, NBD_CMD_TRIM, 1, 0, 4), null, EINVAL),
                Arguments.of("disk", new Request(0, NBD_CMD_READ, 1, 0, MAX_PAYLOAD + 1), null, EINVAL),
                Arguments.of("disk", new Request(0, NBD_CMD_FLUSH, 1, 4096, 0), null, EINVAL),
                Arguments.of("disk", new Request(0, NBD_CMD_BLOCK_STATUS, 1, 0, 512), null, EINVAL),
                Arguments.of("aligned", new Request(0, NBD_CMD_READ, 1, 100, 512), null, EINVAL),
                Arguments.of("aligned", new Request(0, NBD_CMD_READ, 1, 512, 100), null, EINVAL),
                Arguments.of("aligned", new Request(0, NBD_CMD_WRITE, 1, 512, 100), new byte[100], EINVAL),
                Arguments.of("aligned", new Request(0, NBD_CMD_TRIM, 1, 1, 512), null, EINVAL),
                Arguments.of("ro", new Request(0, NBD_CMD_WRITE, 1, 0, 512), new byte[512], EPERM),
                Arguments.of("ro", new Request(0, NBD_CMD_TRIM, 1, 0, 512), null, EPERM),
                Arguments.of("ro", new Request(0, NBD_CMD_WRITE_ZEROES, 1, 0, 512), null, EPERM),
                Arguments.of("ro", new Request(NBD_CMD_FLAG_FUA, NBD_CMD_READ, 1, 0, 512), null, EINVAL),
                Arguments.of("noflush", new Request(0, NBD_CMD_FLUSH, 1, 0, 0), null, EINVAL),
                Arguments.of("noflush", new Request(0, NBD_CMD_TRIM, 1, 0, 512), null, EINVAL),
                Arguments.of("noflush", new Request(NBD_CMD_FLAG_FAST_ZERO | 1 << 6, NBD_CMD_WRITE_ZEROES, 1, 0,
                        512), null, EINVAL));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rejected")
    void givenInvalidRequest_whenSent_thenExactErrorAndConnectionStaysInStep(String export, Request request,
            byte[] payload, int error) throws Exception {
        startExports();
        try (RawClient c = RawClient.connect(server).handshake(export, false, false, false)) {
            c.request(request, payload);
            RawClient.Reply reply = c.reply(0);
            assertEquals(request.cookie(), reply.header().cookie());
            assertEquals(error, reply.simpleError());
            c.request(NBD_CMD_READ, 0, 99, 0, 512);
            RawClient.Reply next = c.reply(512);
            assertEquals(99, next.header().cookie());
            assertEquals(0, next.simpleError());
        }
        assertTrue(writable.calls.stream().noneMatch(call -> !call.startsWith("read")), writable.calls.toString());
    }

    @Test
    void givenStructuredReplies_whenReadBeyondEnd_thenErrorChunkWithMessage() throws Exception {
        startExports();
        try (RawClient c = RawClient.connect(server).handshake("disk", true, false, false)) {
            c.request(NBD_CMD_READ, 0, 5, SIZE, 512);
            RawClient.Reply reply = c.reply(0);
            assertTrue(reply.done());
            assertEquals(new ReplyChunk.Error(EINVAL, "range " + SIZE + "+512 beyond export size " + SIZE),
                    reply.chunk());
        }
    }

    @Test
    void givenWritePayloadOverMaximum_whenHeaderSent_thenEinvalThenCloseWithoutReadingPayload() throws Exception {
        startExports();
        try (RawClient c = RawClient.connect(server).handshake("disk", false, false, false)) {
            // Only the header: the server must answer without waiting for the 16 MiB it must not buffer.
            c.request(new Request(0, NBD_CMD_WRITE, 7, 0, 16 * 1024 * 1024), null);
            RawClient.Reply reply = c.reply(0);
            assertEquals(7, reply.header().cookie());
            assertEquals(EINVAL, reply.simpleError());
            assertTrue(c.serverClosed());
        }
        assertEquals(List.of(), writable.calls);
        assertServerStillServes("disk");
    }

    @Test
    void givenWriteOverDeviceMaximumButWithinServerLimit_whenSent_thenServed() throws Exception {
        // The kernel client never asks for NBD_INFO_BLOCK_SIZE: a request above the device's advertised maximum
        // (but within the server's own limit) must be served, not refused or disconnected.
        startExports();
        try (RawClient c = RawClient.connect(server).handshake("small-max", false, false, false)) {
            byte[] data = new byte[16384];
            java.util.Arrays.fill(data, (byte) 0x5a);
            c.request(new Request(0, NBD_CMD_WRITE, 11, 8192, data.length), data);
            assertEquals(0, c.reply(0).simpleError());
            c.request(new Request(0, NBD_CMD_READ, 12, 8192, data.length), null);
            RawClient.Reply read = c.reply(data.length);
            assertEquals(0, read.simpleError());
            assertArrayEquals(data, read.simpleData());
        }
    }

    @Test
    void givenBadRequestMagic_whenSent_thenConnectionClosedOthersUnaffected() throws Exception {
        startExports();
        try (RawClient c = RawClient.connect(server).handshake("disk", false, false, false)) {
            c.send(ByteBuffer.allocate(28).putInt(0x25609514).putShort((short) 0).putShort((short) 0)
                    .putLong(1).putLong(0).putInt(512).flip());
            assertTrue(c.serverClosed());
        }
        assertServerStillServes("disk");
    }

    @Test
    void givenTruncatedRequestHeader_whenClientHalfCloses_thenConnectionClosedOthersUnaffected()
            throws Exception {
        startExports();
        try (RawClient c = RawClient.connect(server).handshake("disk", false, false, false)) {
            c.send(ByteBuffer.allocate(10).putInt(NBD_REQUEST_MAGIC).putShort((short) 0).flip());
            c.channel.shutdownOutput();
            assertTrue(c.serverClosed());
        }
        assertServerStillServes("disk");
    }
}
