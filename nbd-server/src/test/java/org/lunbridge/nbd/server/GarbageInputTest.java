package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random bytes from a client, in the handshake and in transmission (often behind a valid magic, so they get past
 * the first check): the server answers or drops that connection, never hangs once the client stops sending, never
 * leaks the connection, and keeps serving others.
 */
@Timeout(60)
class GarbageInputTest extends ServerFixture {
    @Test
    void givenRandomBytes_whenSentInHandshakeOrTransmission_thenConnectionEndsAndServerStillServes()
            throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        start(export("disk", device));
        Random random = new Random(42);
        for (int i = 0; i < 150; i++) {
            try (RawClient c = RawClient.connect(server)) {
                int phase = random.nextInt(3);
                if (phase == 1) {
                    c.greet(3);
                } else if (phase == 2) {
                    c.close();
                    continue;
                }
                if (phase == 0) {
                    c.handshake("disk", random.nextBoolean(), random.nextBoolean(), false);
                }
                byte[] garbage = new byte[random.nextInt(300)];
                random.nextBytes(garbage);
                ByteBuffer b = ByteBuffer.wrap(garbage);
                if (garbage.length >= 16 && random.nextBoolean()) {
                    // A valid magic makes the rest reach the field decoders.
                    if (phase == 1) {
                        b.putLong(0, IHAVEOPT).putInt(8, random.nextInt(16));
                    } else {
                        b.putInt(0, c.extended ? NBD_EXTENDED_REQUEST_MAGIC : NBD_REQUEST_MAGIC);
                    }
                }
                c.send(b);
                c.channel.shutdownOutput();
                assertTrue(c.serverClosed());
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, server.connectionCount());
        assertServerStillServes("disk");
    }
}
