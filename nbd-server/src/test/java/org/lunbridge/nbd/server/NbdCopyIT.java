package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** nbdcopy: several connections (CAN_MULTI_CONN), many requests in flight, sparse reads through block status. */
@Timeout(120)
class NbdCopyIT {
    private static final int SIZE = 32 * 1024 * 1024;
    private NbdServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** nbdkit's pattern plugin: every 8-byte word holds its own offset, big-endian. */
    private static byte[] pattern(int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        for (long offset = 0; offset < size; offset += 8) {
            b.putLong(offset);
        }
        return b.array();
    }

    @Test
    void givenPatternSource_whenNbdcopyToServerAndBack_thenBytesIdenticalAndHolesPreserved(@TempDir Path dir)
            throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        server = NbdServer.start(NbdServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new Export("disk", "", device, false))));
        String uri = "nbd://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/disk";

        ExternalTool.Result in = ExternalTool.run("nbdcopy", "--flush", "--", "[", "nbdkit", "pattern",
                String.valueOf(SIZE), "]", uri);
        assertEquals(0, in.exitCode(), in.toString());
        byte[] expected = pattern(SIZE);
        assertArrayEquals(expected, device.snapshot(0, SIZE));

        // Punch a 1 MiB hole; the copy back must still be byte-identical (the hole reads as zeroes).
        ExternalTool.Result trim = ExternalTool.run("qemu-io", "-f", "raw", "-c", "discard 4M 1M", uri);
        assertEquals(0, trim.exitCode(), trim.toString());
        java.util.Arrays.fill(expected, 4 << 20, 5 << 20, (byte) 0);

        Path out = dir.resolve("copy.img");
        device.latencyNanos = 1_000_000; // 1 ms per operation: requests of several connections must overlap
        ExternalTool.Result back = ExternalTool.run("nbdcopy", uri, out.toString());
        assertEquals(0, back.exitCode(), back.toString());
        assertArrayEquals(expected, Files.readAllBytes(out));
        assertTrue(device.maxActive.get() > 8, "expected many concurrent requests, saw " + device.maxActive.get());
        assertTrue(device.calls.contains("extents@0"), "nbdcopy should have asked for block status");
    }
}
