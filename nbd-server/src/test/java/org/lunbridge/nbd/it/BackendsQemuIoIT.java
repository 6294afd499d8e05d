package org.lunbridge.nbd.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.it.ExternalCommand.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.nbd.backend.FileBlockDevice;
import org.lunbridge.nbd.backend.MemoryBlockDevice;
import org.lunbridge.nbd.server.Export;
import org.lunbridge.nbd.spi.BlockDevice;

/**
 * qemu-io (qemu's NBD client) batteries: patterned writes verified by reads ({@code -P}), unaligned offsets, FUA,
 * write-zeroes with and without unmap, discard, flush, the last byte. qemu-io exits non-zero and prints "Pattern
 * verification failed" when a read does not match.
 */
class BackendsQemuIoIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long SIZE = 8L << 20;

    @TempDir
    Path dir;

    @Test
    void givenMemoryExport_whenBatteryRun_thenEveryPatternVerifies() throws Exception {
        MemoryBlockDevice device = new MemoryBlockDevice(SIZE);
        try (InProcessServer server = InProcessServer.start(new Export("mem", "", device, false))) {
            battery(server.uri("mem"), true);
        }
        assertDeviceHoldsBattery(device);
    }

    @Test
    void givenFileExport_whenBatteryRun_thenEveryPatternVerifies() throws Exception {
        Path file = dir.resolve("disk.img");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(SIZE);
        }
        try (FileBlockDevice device = FileBlockDevice.open(file, false)) {
            try (InProcessServer server = InProcessServer.start(new Export("file", "", device, false))) {
                // No native trim: the server does not advertise it; qemu treats discard as advisory.
                battery(server.uri("file"), false);
            }
            assertDeviceHoldsBattery(device);
        }
    }

    private void battery(String uri, boolean discardZeroes) {
        List<String> commands = new ArrayList<>(List.of(
                "write -P 0xa5 0 1M", "read -P 0xa5 0 1M",
                // Unaligned to any sector: 513 bytes in, 3000 long.
                "write -P 0x5a 513 3000", "read -P 0x5a 513 3000", "read -P 0xa5 0 513", "read -P 0xa5 3513 1045063",
                // Write-zeroes, NO_HOLE (plain -z) and may-trim (-z -u).
                "write -z 64k 64k", "read -P 0 64k 64k", "read -P 0xa5 128k 4k",
                "write -z -u 256k 192k", "read -P 0 256k 192k", "read -P 0xa5 448k 64k",
                // FUA write, then flush.
                "write -f -P 0x11 1M 4k", "read -P 0x11 1M 4k", "flush",
                // Large write spanning many 64 KiB pages, not page-aligned.
                "write -P 0x3c 2097159 3M", "read -P 0x3c 2097159 3M", "read -P 0 2M 7",
                // The last byte of the export.
                "write -P 0x77 " + (SIZE - 1) + " 1", "read -P 0x77 " + (SIZE - 1) + " 1",
                "discard 6M 1M", "read -P 0x3c 5M 7", "flush"));
        if (discardZeroes) {
            commands.add("read -P 0 6M 1M");
        }
        List<String> argv = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (String command : commands) {
            argv.add("-c");
            argv.add(command);
        }
        argv.add(uri);
        ExternalCommand.Result result = run(TIMEOUT, argv.toArray(String[]::new)).assertSuccess();
        String output = result.stdout() + result.stderr();
        assertFalse(output.contains("verification failed"), output);
        assertFalse(output.toLowerCase().contains("error"), output);
        assertTrue(output.contains("wrote 1/1 bytes at offset " + (SIZE - 1)), output);
    }

    /** The bytes qemu-io wrote reached the backend, not just a cache in between. */
    private static void assertDeviceHoldsBattery(BlockDevice device) throws IOException {
        assertArrayEquals(filled(3000, 0x5a), read(device, 513, 3000));
        assertArrayEquals(filled(4096, 0x11), read(device, 1 << 20, 4096));
        assertArrayEquals(new byte[64 << 10], read(device, 64 << 10, 64 << 10));
        assertArrayEquals(filled(1, 0x77), read(device, SIZE - 1, 1));
    }

    private static byte[] read(BlockDevice device, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        device.read(offset, buffer);
        return buffer.array();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
