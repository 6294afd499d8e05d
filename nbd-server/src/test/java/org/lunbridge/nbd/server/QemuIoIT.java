package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** qemu's NBD client (qemu-io) writing and verifying patterns against our server. */
@Timeout(120)
class QemuIoIT {
    private static final int SIZE = 8 * 1024 * 1024;
    private NbdServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(TestDevice device) throws Exception {
        server = NbdServer.start(NbdServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new Export("disk", "", device, false))));
        return "nbd://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/disk";
    }

    private static ExternalTool.Result qemuIo(String uri, String... commands) throws Exception {
        List<String> argv = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (String c : commands) {
            argv.add("-c");
            argv.add(c);
        }
        argv.add(uri);
        ExternalTool.Result r = ExternalTool.run(argv.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        String all = r.stdout() + r.stderr();
        // qemu-io reports failed commands on its output while still exiting 0.
        assertFalse(all.contains("failed") || all.contains("error") || all.contains("Error"), r.toString());
        return r;
    }

    /**
     * {@code full}: a device with every capability; {@code plain}: only flush, so zero/FUA are emulated;
     * {@code aligned}: every capability but a 512-byte minimum block, which qemu must honour (it asks for
     * NBD_INFO_BLOCK_SIZE) by read-modify-write for the unaligned commands; any unaligned request reaching the
     * server would fail with EINVAL.
     */
    @ParameterizedTest
    @ValueSource(strings = {"full", "plain", "aligned"})
    void givenDevice_whenQemuIoPatternBattery_thenEveryReadVerifiesAndDeviceHoldsTheBytes(String kind)
            throws Exception {
        TestDevice.Caps caps = kind.equals("plain") ? new TestDevice.Caps() : TestDevice.Caps.all();
        caps.flush = true;
        if (kind.equals("aligned")) {
            caps.blockSizes = new org.lunbridge.nbd.spi.BlockSizes(512, 4096, 32 * 1024 * 1024);
        }
        TestDevice device = new TestDevice(SIZE, caps);
        String uri = start(device);
        qemuIo(uri,
                "write -P 0x11 0 64k", "read -P 0x11 0 64k",
                "write -P 0x22 1000 3000", "read -P 0x22 1000 3000", "read -P 0x11 0 1000",
                "read -P 0x11 4000 61536",
                "write -z 8192 4096", "read -P 0 8192 4096",
                "write -z -u 16384 8192", "read -P 0 16384 8192",
                "write -f -P 0x33 65536 4096", "read -P 0x33 65536 4096",
                "write -P 0x44 1048575 3", "read -P 0x44 1048575 3",
                "aio_write -P 0x55 2097152 4096", "aio_write -P 0x66 2101248 4096", "aio_flush",
                "read -P 0x55 2097152 4096", "read -P 0x66 2101248 4096",
                "flush",
                "write -P 0x77 " + (SIZE - 512) + " 512", "read -P 0x77 " + (SIZE - 512) + " 512");
        byte[] expected = new byte[4096];
        Arrays.fill(expected, (byte) 0x33);
        assertArrayEquals(expected, device.snapshot(65536, 4096));
        assertArrayEquals(new byte[4096], device.snapshot(8192, 4096));
        assertArrayEquals(new byte[] {0x44, 0x44, 0x44}, device.snapshot(1048575, 3));
        assertEquals(0x22, device.snapshot(3999, 1)[0]);
        assertEquals(0x11, device.snapshot(4000, 1)[0]);
        assertTrue(device.flushes.get() >= 2, "flushes: " + device.flushes.get());
        if (kind.equals("aligned")) {
            assertTrue(device.calls.stream().allMatch(c -> Long.parseLong(c.substring(c.indexOf('@') + 1)) % 512
                    == 0), device.calls.toString());
        }
        if (kind.equals("plain")) {
            assertEquals(0, device.writeZeroesCalls.get(), "write-zeroes must be emulated by writes");
        } else {
            assertTrue(device.writeZeroesCalls.get() >= 2, "write-zeroes must reach the device");
            assertTrue(device.fuaWrites.get() >= 1, "FUA must reach the device natively");
        }
    }

    @Test
    void givenDevice_whenQemuIoDiscards_thenTrimReachesDevice() throws Exception {
        TestDevice device = new TestDevice(SIZE, TestDevice.Caps.all());
        String uri = start(device);
        qemuIo(uri, "write -P 0x99 0 1M", "discard 0 512k", "read -P 0x99 512k 512k", "flush");
        assertTrue(device.calls.contains("trim@0"), device.calls.toString());
    }
}
