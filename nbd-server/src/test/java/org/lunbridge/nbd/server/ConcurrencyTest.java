package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.nbd.protocol.ReplyChunk;
import org.lunbridge.nbd.protocol.Request;

@Timeout(30)
class ConcurrencyTest extends ServerFixture {
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void givenMaxInFlightFour_whenTenRequestsPipelined_thenDeviceNeverSeesMoreThanFourUntilReplies()
            throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        device.closeGate();
        start(4, NbdServerConfig.DEFAULT_MAX_PAYLOAD_BYTES, export("disk", device));
        try (RawClient c = RawClient.connect(server).handshake("disk", false, false, false)) {
            for (int i = 0; i < 10; i++) {
                c.request(new Request(0, NBD_CMD_WRITE, i, i * 4096L, 4), new byte[] {1, 2, 3, (byte) i});
            }
            await("four requests at the device", () -> device.active.get() == 4);
            // Negative check over a bounded window: nothing more may start while the four are blocked.
            Thread.sleep(200);
            assertEquals(4, device.entered.get());
            device.release();
            Set<Long> cookies = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                RawClient.Reply reply = c.reply(0);
                assertEquals(0, reply.simpleError());
                cookies.add(reply.header().cookie());
            }
            assertEquals(10, cookies.size());
            assertEquals(4, device.maxActive.get());
        }
    }

    @Test
    void givenFirstRequestBlocked_whenSecondCompletes_thenRepliesOutOfOrder() throws Exception {
        TestDevice.Caps caps = TestDevice.Caps.all();
        caps.extents = false; // one chunk per read
        TestDevice device = new TestDevice(SIZE, caps);
        device.closeGate(0L);
        start(export("disk", device));
        try (RawClient c = RawClient.connect(server).handshake("disk", true, false, false)) {
            c.request(NBD_CMD_READ, 0, 1, 0, 4096);
            c.request(NBD_CMD_READ, 0, 2, 8192, 4096);
            RawClient.Reply first = c.reply(0);
            assertEquals(2, first.header().cookie());
            device.release();
            RawClient.Reply second = c.reply(0);
            assertEquals(1, second.header().cookie());
        }
    }

    @Test
    void givenManyRequestsAcrossClients_whenRunConcurrently_thenEveryReplyWholeAndCorrect() throws Exception {
        TestDevice.Caps caps = TestDevice.Caps.all();
        caps.extents = false; // one chunk per structured read
        TestDevice device = new TestDevice(4 * 1024 * 1024, caps);
        start(export("disk", device));
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            int id = n;
            clients.add(CompletableFuture.runAsync(() -> {
                try (RawClient c = RawClient.connect(server).handshake("disk", id % 2 == 0, false, false)) {
                    long base = id * 512L * 1024;
                    for (int i = 0; i < 32; i++) {
                        byte[] data = new byte[1000 + i * 97];
                        java.util.Arrays.fill(data, (byte) (id * 32 + i));
                        c.request(new Request(0, NBD_CMD_WRITE, i, base + i * 16384L, data.length), data);
                    }
                    for (int i = 0; i < 32; i++) {
                        assertEquals(0, c.reply(0).header() instanceof org.lunbridge.nbd.protocol.ReplyHeader
                                .Simple s ? s.error() : -1);
                    }
                    for (int i = 0; i < 32; i++) {
                        c.request(NBD_CMD_READ, 0, 1000 + i, base + i * 16384L, 1000 + i * 97);
                    }
                    for (int i = 0; i < 32; i++) {
                        // Replies may come in any order; structured ones name their offset.
                        RawClient.Reply r = c.reply(cookie -> 1000 + (int) (cookie - 1000) * 97);
                        if (id % 2 != 0) {
                            int index = (int) (r.header().cookie() - 1000);
                            assertEquals(0, r.simpleError());
                            for (byte b : r.simpleData()) {
                                assertEquals((byte) (id * 32 + index), b);
                            }
                        } else {
                            var data = (ReplyChunk.OffsetData) r.chunk();
                            int index = (int) ((data.offset() - base) / 16384);
                            assertEquals(1000 + index, r.header().cookie());
                            assertEquals(1000 + index * 97, data.data().remaining());
                            while (data.data().hasRemaining()) {
                                assertEquals((byte) (id * 32 + index), data.data().get());
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    }

    @Test
    void givenRequestInFlight_whenServerClosed_thenRequestRepliedDeviceFlushedThenClosed() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        device.closeGate(4096L);
        start(export("disk", device));
        try (RawClient c = RawClient.connect(server).handshake("disk", false, false, false)) {
            c.request(new Request(0, NBD_CMD_WRITE, 5, 4096, 3), new byte[] {7, 7, 7});
            await("write at the device", () -> device.active.get() == 1);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            await("listener closed", () -> {
                try (RawClient probe = RawClient.connect(server)) {
                    return !probe.channel.isConnected();
                } catch (IOException refused) {
                    return true;
                }
            });
            assertFalse(closing.isDone(), "close must wait for the in-flight write");
            device.release();
            RawClient.Reply reply = c.reply(0);
            assertEquals(5, reply.header().cookie());
            assertEquals(0, reply.simpleError());
            closing.get(10, TimeUnit.SECONDS);
            assertTrue(c.serverClosed());
            assertArrayEquals(new byte[] {7, 7, 7}, device.snapshot(4096, 3));
            assertTrue(device.calls.indexOf("flush@0") > device.calls.indexOf("write@4096"), device.calls.toString());
            server.awaitTermination();
        }
    }

    @Test
    void givenClientGoneMidRequest_whenDeviceFinishes_thenConnectionReleased() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        device.closeGate(0L);
        start(export("disk", device));
        RawClient c = RawClient.connect(server).handshake("disk", false, false, false);
        c.request(NBD_CMD_READ, 0, 1, 0, 65536);
        await("read at the device", () -> device.active.get() == 1);
        c.close();
        device.release();
        await("connection released", () -> server.connectionCount() == 0 && device.active.get() == 0);
        assertServerStillServes("disk");
    }

    @Test
    void givenClientGoneMidPayload_whenServerReading_thenConnectionReleasedNothingWritten() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        start(export("disk", device));
        try (RawClient c = RawClient.connect(server).handshake("disk", false, false, false)) {
            c.request(new Request(0, NBD_CMD_WRITE, 1, 0, 65536), null);
            c.send(ByteBuffer.allocate(1000));
        }
        await("connection released", () -> server.connectionCount() == 0);
        assertEquals(List.of(), device.calls);
    }

    @Test
    void givenShortHandshakeTimeout_whenClientStallsInHandshake_thenDroppedButNegotiatedClientKeptIdle()
            throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        server = NbdServer.start(NbdServerConfig.of(new java.net.InetSocketAddress(
                java.net.InetAddress.getLoopbackAddress(), 0), List.of(export("disk", device))), 300);
        try (RawClient stalled = RawClient.connect(server);
             RawClient negotiated = RawClient.connect(server).handshake("disk", false, false, false)) {
            stalled.greet(3); // then nothing
            long start = System.nanoTime();
            assertTrue(stalled.serverClosed());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            Thread.sleep(400); // past the deadline: a connection in transmission must not be dropped
            negotiated.request(NBD_CMD_READ, 0, 1, 0, 16);
            assertEquals(0, negotiated.reply(16).simpleError());
        }
    }

    @Test
    void givenUnixSocket_whenClientConnects_thenServesAndSocketFileRemovedOnClose(@TempDir Path dir)
            throws Exception {
        Path socket = dir.resolve("nbd.sock");
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        server = NbdServer.start(NbdServerConfig.of(UnixDomainSocketAddress.of(socket),
                List.of(export("disk", device))));
        assertEquals(UnixDomainSocketAddress.of(socket), server.localAddress());
        try (RawClient c = RawClient.connect(server).handshake("disk", true, false, false)) {
            c.request(new Request(0, NBD_CMD_WRITE, 1, 0, 2), new byte[] {4, 2});
            assertEquals(0, c.reply(0).simpleError());
            c.request(NBD_CMD_READ, 0, 2, 0, 2);
            assertEquals(new ReplyChunk.OffsetData(0, ByteBuffer.wrap(new byte[] {4, 2})), c.reply(0).chunk());
        }
        server.close();
        assertFalse(Files.exists(socket));
        assertThrows(IOException.class, () -> new RawClient(UnixDomainSocketAddress.of(socket)));
    }
}
