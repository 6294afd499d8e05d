package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lunbridge.nbd.protocol.BlockDescriptor;
import org.lunbridge.nbd.protocol.ReplyChunk;
import org.lunbridge.nbd.protocol.Request;

/** Each command, in simple, structured and extended form, against a fake device. */
@Timeout(20)
class TransmissionTest extends ServerFixture {
    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return b;
    }

    private RawClient client(TestDevice device, boolean structured, boolean extended, boolean meta)
            throws Exception {
        start(export("disk", device));
        return RawClient.connect(server).handshake("disk", structured, extended, meta);
    }

    @Test
    void givenSimpleReplies_whenWriteThenRead_thenSameBytesAndCookiesEchoed() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, false, false, false)) {
            byte[] data = pattern(8192, 1);
            c.request(new Request(0, NBD_CMD_WRITE, 0xabcdef0123L, 4096, data.length), data);
            RawClient.Reply w = c.reply(0);
            assertEquals(0, w.simpleError());
            assertEquals(0xabcdef0123L, w.header().cookie());
            c.request(NBD_CMD_READ, 0, 42, 4096, data.length);
            RawClient.Reply r = c.reply(data.length);
            assertEquals(42, r.header().cookie());
            assertArrayEquals(data, r.simpleData());
            assertArrayEquals(data, device.snapshot(4096, data.length));
        }
    }

    @Test
    void givenStructuredReplies_whenRead_thenOneOffsetDataChunkMarkedDone() throws Exception {
        TestDevice.Caps caps = TestDevice.Caps.all();
        caps.extents = false;
        TestDevice device = new TestDevice(SIZE, caps);
        device.fill(100, pattern(50, 2));
        try (RawClient c = client(device, true, false, false)) {
            c.request(NBD_CMD_READ, 0, 7, 100, 50);
            List<RawClient.Reply> chunks = c.replyChunks();
            assertEquals(1, chunks.size());
            assertEquals(NBD_REPLY_FLAG_DONE, chunks.get(0).chunkHeader().flags());
            assertEquals(new ReplyChunk.OffsetData(100, ByteBuffer.wrap(pattern(50, 2))), chunks.get(0).chunk());
        }
    }

    @Test
    void givenSparseDevice_whenStructuredRead_thenHolesAsOffsetHoleAndDataAsOffsetData() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        device.fill(8192, pattern(4096, 3));
        try (RawClient c = client(device, true, false, false)) {
            c.request(NBD_CMD_READ, 0, 8, 4096, 12288);
            List<RawClient.Reply> chunks = c.replyChunks();
            assertEquals(List.of(new ReplyChunk.OffsetHole(4096, 4096),
                    new ReplyChunk.OffsetData(8192, ByteBuffer.wrap(pattern(4096, 3))),
                    new ReplyChunk.OffsetHole(12288, 4096), new ReplyChunk.None()),
                    chunks.stream().map(RawClient.Reply::chunk).toList());
        }
    }

    @Test
    void givenExtentsThatAreNotCheap_whenStructuredRead_thenOneDataChunkAndNoExtentsQuery() throws Exception {
        TestDevice.Caps caps = TestDevice.Caps.all();
        caps.extentsCheap = false; // e.g. iSCSI: GET LBA STATUS would cost a round trip per READ
        TestDevice device = new TestDevice(SIZE, caps);
        device.fill(8192, pattern(4096, 3));
        try (RawClient c = client(device, true, false, false)) {
            c.request(NBD_CMD_READ, 0, 8, 8192, 4096);
            List<RawClient.Reply> chunks = c.replyChunks();
            assertEquals(List.of(new ReplyChunk.OffsetData(8192, ByteBuffer.wrap(pattern(4096, 3)))),
                    chunks.stream().map(RawClient.Reply::chunk).toList());
            assertTrue(device.calls.stream().noneMatch(call -> call.startsWith("extents")), device.calls::toString);
        }
    }

    @Test
    void givenSparseDevice_whenReadWithDf_thenSingleDataChunkWithZeroesPresent() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        device.fill(8192, pattern(4096, 3));
        try (RawClient c = client(device, true, false, false)) {
            c.request(NBD_CMD_READ, NBD_CMD_FLAG_DF, 9, 4096, 12288);
            List<RawClient.Reply> chunks = c.replyChunks();
            assertEquals(1, chunks.size());
            byte[] expected = new byte[12288];
            System.arraycopy(pattern(4096, 3), 0, expected, 4096, 4096);
            assertEquals(new ReplyChunk.OffsetData(4096, ByteBuffer.wrap(expected)), chunks.get(0).chunk());
        }
    }

    @Test
    void givenDevice_whenFlushTrimCache_thenReachDeviceAndSucceed() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, false, false, false)) {
            c.request(NBD_CMD_FLUSH, 0, 1, 0, 0);
            assertEquals(0, c.reply(0).simpleError());
            c.request(NBD_CMD_TRIM, 0, 2, 8192, 4096);
            assertEquals(0, c.reply(0).simpleError());
            c.request(NBD_CMD_CACHE, 0, 3, 0, 65536);
            assertEquals(0, c.reply(0).simpleError());
            assertEquals(List.of("flush@0", "trim@8192", "cache@0"), device.calls);
        }
    }

    @Test
    void givenNativeFua_whenWriteWithFua_thenFuaPassedAndNoFlush() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, false, false, false)) {
            c.request(new Request(NBD_CMD_FLAG_FUA, NBD_CMD_WRITE, 1, 0, 4), new byte[4]);
            assertEquals(0, c.reply(0).simpleError());
            assertEquals(1, device.fuaWrites.get());
            assertEquals(0, device.flushes.get());
        }
    }

    @Test
    void givenFlushOnlyDevice_whenWriteWithFua_thenWriteThenFlushBeforeReply() throws Exception {
        TestDevice.Caps caps = new TestDevice.Caps();
        caps.flush = true;
        TestDevice device = new TestDevice(SIZE, caps);
        try (RawClient c = client(device, false, false, false)) {
            assertTrue((c.transmissionFlags & NBD_FLAG_SEND_FUA) != 0);
            c.request(new Request(NBD_CMD_FLAG_FUA, NBD_CMD_WRITE, 1, 0, 4), new byte[4]);
            assertEquals(0, c.reply(0).simpleError());
            assertEquals(List.of("write@0", "flush@0"), device.calls);
            assertEquals(0, device.fuaWrites.get());
        }
    }

    @Test
    void givenNoWriteZeroesDevice_whenWriteZeroes_thenEmulatedByZeroWrites() throws Exception {
        TestDevice device = new TestDevice(4 * 1024 * 1024, new TestDevice.Caps());
        device.fill(0, pattern(3 * 1024 * 1024, 4));
        try (RawClient c = client(device, false, false, false)) {
            assertTrue((c.transmissionFlags & NBD_FLAG_SEND_WRITE_ZEROES) != 0);
            c.request(NBD_CMD_WRITE_ZEROES, 0, 1, 512, 2 * 1024 * 1024 + 512);
            assertEquals(0, c.reply(0).simpleError());
            assertEquals(0, device.writeZeroesCalls.get());
            assertEquals(3, device.writes.get()); // 1 MiB + 1 MiB + 512 bytes
            assertArrayEquals(new byte[2 * 1024 * 1024 + 512], device.snapshot(512, 2 * 1024 * 1024 + 512));
            assertEquals(pattern(512, 4)[511], device.snapshot(511, 1)[0]);
        }
    }

    @Test
    void givenFuaWithoutFlushDevice_whenEmulatedWriteZeroesWithFua_thenEveryChunkWrittenWithFua() throws Exception {
        TestDevice.Caps caps = new TestDevice.Caps();
        caps.fua = true;
        TestDevice device = new TestDevice(4 * 1024 * 1024, caps);
        try (RawClient c = client(device, false, false, false)) {
            c.request(NBD_CMD_WRITE_ZEROES, NBD_CMD_FLAG_FUA, 1, 0, 3 * 1024 * 1024);
            assertEquals(0, c.reply(0).simpleError());
            assertEquals(3, device.fuaWrites.get());
            assertEquals(0, device.flushes.get());
        }
    }

    @Test
    void givenNativeWriteZeroes_whenNoHole_thenDeviceToldNotToTrim() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, true, false, true)) {
            c.request(NBD_CMD_WRITE_ZEROES, NBD_CMD_FLAG_NO_HOLE, 1, 0, 8192);
            assertEquals(0, c.reply(0).simpleError());
            c.request(NBD_CMD_WRITE_ZEROES, 0, 2, 65536, 8192);
            assertEquals(0, c.reply(0).simpleError());
            // NO_HOLE left the range allocated (data), without it the fake punched a hole.
            c.request(NBD_CMD_BLOCK_STATUS, 0, 3, 0, 8192);
            assertEquals(new BlockDescriptor(8192, 0),
                    ((ReplyChunk.BlockStatus) c.reply(0).chunk()).descriptors().get(0));
            c.request(NBD_CMD_BLOCK_STATUS, 0, 4, 65536, 8192);
            assertEquals(new BlockDescriptor(8192, NBD_STATE_HOLE | NBD_STATE_ZERO),
                    ((ReplyChunk.BlockStatus) c.reply(0).chunk()).descriptors().get(0));
        }
    }

    @Test
    void givenNoFastZeroDevice_whenFastZero_thenEnotsupAndNothingWritten() throws Exception {
        TestDevice device = new TestDevice(SIZE, new TestDevice.Caps());
        device.fill(0, pattern(4096, 5));
        try (RawClient c = client(device, true, false, false)) {
            c.request(NBD_CMD_WRITE_ZEROES, NBD_CMD_FLAG_FAST_ZERO, 1, 0, 4096);
            ReplyChunk.Error error = assertInstanceOf(ReplyChunk.Error.class, c.reply(0).chunk());
            assertEquals(95, error.error());
            assertArrayEquals(pattern(4096, 5), device.snapshot(0, 4096));
        }
    }

    @Test
    void givenFastZeroDevice_whenFastZero_thenZeroed() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        device.fill(0, pattern(4096, 5));
        try (RawClient c = client(device, false, false, false)) {
            c.request(NBD_CMD_WRITE_ZEROES, NBD_CMD_FLAG_FAST_ZERO, 1, 0, 4096);
            assertEquals(0, c.reply(0).simpleError());
            assertArrayEquals(new byte[4096], device.snapshot(0, 4096));
        }
    }

    @Test
    void givenMetaContext_whenBlockStatus_thenExtentsClippedToRequestAndReqOneGivesOne() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        device.fill(8192, pattern(8192, 6));
        try (RawClient c = client(device, true, false, true)) {
            c.request(NBD_CMD_BLOCK_STATUS, 0, 1, 0, 20480);
            RawClient.Reply reply = c.reply(0);
            assertTrue(reply.done());
            assertEquals(new ReplyChunk.BlockStatus(false, MetaContexts.BASE_ALLOCATION_ID, List.of(
                    new BlockDescriptor(8192, 3), new BlockDescriptor(8192, 0), new BlockDescriptor(4096, 3))),
                    reply.chunk());
            c.request(NBD_CMD_BLOCK_STATUS, NBD_CMD_FLAG_REQ_ONE, 2, 0, 4096);
            assertEquals(List.of(new BlockDescriptor(4096, 3)),
                    ((ReplyChunk.BlockStatus) c.reply(0).chunk()).descriptors());
        }
    }

    @Test
    void givenNoExtentsDevice_whenBlockStatus_thenAllData() throws Exception {
        TestDevice device = new TestDevice(SIZE, new TestDevice.Caps());
        try (RawClient c = client(device, true, false, true)) {
            c.request(NBD_CMD_BLOCK_STATUS, 0, 1, 4096, 65536);
            assertEquals(List.of(new BlockDescriptor(65536, 0)),
                    ((ReplyChunk.BlockStatus) c.reply(0).chunk()).descriptors());
        }
    }

    @Test
    void givenExtendedHeaders_whenWriteReadBlockStatus_thenExtendedRepliesEchoOffset() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, false, true, true)) {
            byte[] data = pattern(4096, 7);
            c.request(new Request(NBD_CMD_FLAG_PAYLOAD_LEN, NBD_CMD_WRITE, 1, 12288, 4096), data);
            RawClient.Reply w = c.reply(0);
            assertEquals(new ReplyChunk.None(), w.chunk());
            assertEquals(12288, w.chunkHeader().offset());
            assertTrue(w.done());
            c.request(NBD_CMD_READ, 0, 2, 12288, 4096);
            List<RawClient.Reply> chunks = c.replyChunks();
            assertEquals(new ReplyChunk.OffsetData(12288, ByteBuffer.wrap(data)), chunks.get(0).chunk());
            assertTrue(chunks.stream().allMatch(r -> r.chunkHeader().extended() && r.chunkHeader().offset() == 12288));
            c.request(NBD_CMD_BLOCK_STATUS, 0, 3, 8192, 12288);
            assertEquals(new ReplyChunk.BlockStatus(true, MetaContexts.BASE_ALLOCATION_ID, List.of(
                    new BlockDescriptor(4096, 3), new BlockDescriptor(4096, 0), new BlockDescriptor(4096, 3))),
                    c.reply(0).chunk());
            c.request(NBD_CMD_FLUSH, 0, 4, 0, 0);
            assertEquals(new ReplyChunk.None(), c.reply(0).chunk());
        }
    }

    @Test
    void givenExtendedHeaders_whenTrimWith64BitEffectLengthBeyondSize_thenEinvalNotDisconnect() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, false, true, false)) {
            c.request(NBD_CMD_TRIM, 0, 1, 0, 1L << 33);
            assertEquals(22, ((ReplyChunk.Error) c.reply(0).chunk()).error());
            c.request(NBD_CMD_TRIM, 0, 2, 0, SIZE);
            assertEquals(new ReplyChunk.None(), c.reply(0).chunk());
        }
    }

    @Test
    void givenExtendedHeaders_whenReadCarriesPayload_thenPayloadConsumedEinvalAndStreamInStep() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, false, true, false)) {
            c.request(new Request(NBD_CMD_FLAG_PAYLOAD_LEN, NBD_CMD_READ, 1, 0, 100), new byte[100]);
            assertEquals(22, ((ReplyChunk.Error) c.reply(0).chunk()).error());
            c.request(new Request(0, NBD_CMD_WRITE, 2, 0, 100), null); // no PAYLOAD_LEN: nothing follows
            assertEquals(22, ((ReplyChunk.Error) c.reply(0).chunk()).error());
            c.request(NBD_CMD_READ, 0, 3, 0, 8);
            assertEquals(3, c.replyChunks().get(0).header().cookie());
        }
    }

    @Test
    void givenDeviceFailure_whenRead_thenStructuredErrorWithMessageAndSimpleErrno() throws Exception {
        TestDevice.Caps caps = TestDevice.Caps.all();
        caps.extents = false;
        TestDevice device = new TestDevice(SIZE, caps);
        device.failOffset = 4096;
        try (RawClient c = client(device, true, false, false)) {
            c.request(NBD_CMD_READ, 0, 1, 4096, 512);
            assertEquals(new ReplyChunk.Error(5, "injected failure at 4096"), c.reply(0).chunk());
        }
        server.close();
        device.failError = org.lunbridge.nbd.spi.NbdError.ENOSPC;
        try (RawClient c = client(device, false, false, false)) {
            c.request(new Request(0, NBD_CMD_WRITE, 2, 4096, 4), new byte[4]);
            assertEquals(28, c.reply(0).simpleError());
            c.request(NBD_CMD_READ, 0, 3, 0, 4);
            assertEquals(0, c.reply(4).simpleError()); // still in step
        }
    }

    @Test
    void givenSparseReadFailingMidway_whenRead_thenErrorOffsetAtFailingExtent() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        device.fill(8192, pattern(4096, 8));
        device.failOffset = 8192;
        try (RawClient c = client(device, true, false, false)) {
            c.request(NBD_CMD_READ, 0, 1, 4096, 8192);
            List<ReplyChunk> chunks = c.replyChunks().stream().map(RawClient.Reply::chunk).toList();
            assertEquals(List.of(new ReplyChunk.OffsetHole(4096, 4096),
                    new ReplyChunk.ErrorOffset(5, "injected failure at 8192", 8192)), chunks);
        }
    }

    @Test
    void givenZeroLengthRequests_whenSent_thenSuccessWithoutDeviceCalls() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, false, false, false)) {
            c.request(NBD_CMD_READ, 0, 1, 0, 0);
            assertEquals(0, c.reply(0).simpleError());
            c.request(new Request(0, NBD_CMD_WRITE, 2, SIZE, 0), new byte[0]);
            assertEquals(0, c.reply(0).simpleError());
            c.request(NBD_CMD_TRIM, 0, 3, 0, 0);
            assertEquals(0, c.reply(0).simpleError());
            assertEquals(List.of(), device.calls);
        }
    }

    @Test
    void givenDisc_whenSent_thenNoReplyAndServerCloses() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        try (RawClient c = client(device, false, false, false)) {
            byte[] data = new byte[512];
            Arrays.fill(data, (byte) 1);
            c.request(new Request(0, NBD_CMD_WRITE, 1, 0, 512), data);
            c.request(NBD_CMD_DISC, 0, 2, 0, 0);
            assertEquals(1, c.reply(0).header().cookie()); // outstanding write still answered
            assertTrue(c.serverClosed());
            assertEquals(1, device.snapshot(0, 1)[0]);
        }
    }
}
