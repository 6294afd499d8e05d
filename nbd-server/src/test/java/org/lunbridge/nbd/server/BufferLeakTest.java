package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lunbridge.nbd.protocol.Request;

/**
 * Payload and READ buffers come from the server's {@link DirectBufferPool}: every one must go back whatever the client
 * does, in both threading modes (a virtual thread per request, or turn-taking threads for low-latency devices).
 */
@Timeout(30)
class BufferLeakTest extends ServerFixture {
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private static TestDevice device(boolean lowLatency) {
        TestDevice.Caps caps = TestDevice.Caps.all();
        caps.lowLatency = lowLatency;
        return new TestDevice(SIZE, caps);
    }

    @ParameterizedTest(name = "lowLatency={0}")
    @ValueSource(booleans = {false, true})
    void givenClientGoneWithReadsInFlight_whenDeviceFinishes_thenEveryBufferReturned(boolean lowLatency)
            throws Exception {
        TestDevice device = device(lowLatency);
        device.closeGate();
        start(export("disk", device));
        RawClient c = RawClient.connect(server).handshake("disk", false, false, false);
        for (int i = 0; i < 3; i++) {
            c.request(NBD_CMD_READ, 0, i, i * 65536L, 65536);
        }
        try {
            await("reads at the device", () -> device.active.get() == 3);
            assertEquals(3, server.buffers().outstandingBuffers(), "one data buffer per read");
            c.close();
        } finally {
            device.release();
        }
        await("connection released", () -> server.connectionCount() == 0 && device.active.get() == 0);
        assertEquals(0, server.buffers().outstandingBuffers());
        assertServerStillServes("disk");
        // The reply can reach the client a moment before the serving thread gives its buffer back.
        await("buffers back after another client", () -> server.buffers().outstandingBuffers() == 0);
    }

    @ParameterizedTest(name = "lowLatency={0}")
    @ValueSource(booleans = {false, true})
    void givenClientGoneMidPayload_whenServerReading_thenPayloadBufferReturned(boolean lowLatency) throws Exception {
        TestDevice device = device(lowLatency);
        start(export("disk", device));
        try (RawClient c = RawClient.connect(server).handshake("disk", false, false, false)) {
            c.request(new Request(0, NBD_CMD_WRITE, 1, 0, 65536), null);
            c.send(ByteBuffer.allocate(1000));
            await("payload buffer taken", () -> server.buffers().outstandingBuffers() == 1);
        }
        await("connection released", () -> server.connectionCount() == 0);
        assertEquals(0, server.buffers().outstandingBuffers());
        assertEquals(List.of(), device.calls);
    }

    @ParameterizedTest(name = "lowLatency={0}")
    @ValueSource(booleans = {false, true})
    void givenPipelinedWritesAndReads_whenServed_thenDataRightAndBuffersPooled(boolean lowLatency) throws Exception {
        TestDevice device = device(lowLatency);
        start(export("disk", device));
        try (RawClient c = RawClient.connect(server).handshake("disk", false, false, false)) {
            int count = 64;
            for (int i = 0; i < count; i++) {
                byte[] data = new byte[4096];
                Arrays.fill(data, (byte) i);
                c.request(new Request(0, NBD_CMD_WRITE, i, i * 4096L, 4096), data);
            }
            boolean[] seen = new boolean[count];
            for (int i = 0; i < count; i++) {
                RawClient.Reply reply = c.reply(0);
                assertEquals(0, reply.simpleError());
                seen[(int) reply.header().cookie()] = true;
            }
            for (boolean s : seen) {
                assertTrue(s);
            }
            for (int i = 0; i < count; i++) {
                c.request(NBD_CMD_READ, 0, 1000 + i, i * 4096L, 4096);
            }
            for (int i = 0; i < count; i++) {
                RawClient.Reply reply = c.reply(4096);
                int index = (int) reply.header().cookie() - 1000;
                byte[] expected = new byte[4096];
                Arrays.fill(expected, (byte) index);
                assertArrayEquals(expected, reply.simpleData(), "read " + index);
            }
        }
        await("connection released", () -> server.connectionCount() == 0);
        assertEquals(0, server.buffers().outstandingBuffers());
        assertTrue(server.buffers().cachedBytes() > 0, "buffers went back to the pool");
    }
}
