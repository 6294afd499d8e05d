package org.lunbridge.nbd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.it.ExternalCommand.run;
import static org.lunbridge.nbd.it.ExternalCommand.runOk;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.nbd.backend.FileBlockDevice;
import org.lunbridge.nbd.backend.MemoryBlockDevice;
import org.lunbridge.nbd.server.Export;

/** nbdinfo (libnbd) against our server: listing, capabilities, allocation map, block sizes. */
class BackendsNbdinfoIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PAGE = MemoryBlockDevice.PAGE_BYTES;

    @TempDir
    Path dir;

    @Test
    void givenTwoExports_whenListed_thenNamesSizesAndDescriptionsShown() throws Exception {
        try (InProcessServer server = InProcessServer.start(
                new Export("scratch", "a RAM disk", new MemoryBlockDevice(1 << 20), false),
                new Export("other", "", new MemoryBlockDevice(2 << 20, true, "read-only RAM"), false))) {
            String out = runOk(TIMEOUT, "nbdinfo", "--list", "--json", server.uri("")).stdout();
            assertTrue(out.contains("\"export-name\": \"scratch\""), out);
            assertTrue(out.contains("\"export-name\": \"other\""), out);
            assertTrue(out.contains("\"description\": \"a RAM disk\""), out);
            assertTrue(out.contains("\"description\": \"read-only RAM\""), out);
            assertTrue(out.contains("\"export-size\": 1048576"), out);
            assertTrue(out.contains("\"export-size\": 2097152"), out);
            assertEquals("2097152", runOk(TIMEOUT, "nbdinfo", "--size", server.uri("other")).stdout().strip());
            // The empty name reaches the default (first) export.
            assertEquals("1048576", runOk(TIMEOUT, "nbdinfo", "--size", server.uri("")).stdout().strip());
        }
    }

    @Test
    void givenUnknownExport_whenConnected_thenClientFails() throws Exception {
        try (InProcessServer server = InProcessServer.start(
                new Export("scratch", "", new MemoryBlockDevice(1 << 20), false))) {
            ExternalCommand.Result result = run(TIMEOUT, "nbdinfo", "--size", server.uri("nope"));
            assertTrue(result.exitCode() != 0, result.stdout());
        }
    }

    @Test
    void givenSparseMemoryExport_whenMapped_thenHolesAndDataWhereWritten() throws Exception {
        MemoryBlockDevice device = new MemoryBlockDevice(16L * PAGE);
        device.write(2L * PAGE + 100, ByteBuffer.wrap(new byte[] {1}), false);
        device.write(9L * PAGE, ByteBuffer.wrap(new byte[2 * PAGE]), false);
        try (InProcessServer server = InProcessServer.start(new Export("sparse", "", device, false))) {
            String map = runOk(TIMEOUT, "nbdinfo", "--map", "--json", server.uri("sparse")).stdout();
            String compact = map.replaceAll("\\s+", "");
            assertTrue(compact.contains(extent(0, 2L * PAGE, 3, "hole,zero")), map);
            assertTrue(compact.contains(extent(2L * PAGE, PAGE, 0, "data")), map);
            assertTrue(compact.contains(extent(3L * PAGE, 6L * PAGE, 3, "hole,zero")), map);
            assertTrue(compact.contains(extent(9L * PAGE, 2L * PAGE, 0, "data")), map);
            assertTrue(compact.contains(extent(11L * PAGE, 5L * PAGE, 3, "hole,zero")), map);

            String totals = runOk(TIMEOUT, "nbdinfo", "--map", "--totals", server.uri("sparse")).stdout();
            Matcher data = Pattern.compile("(?m)^\\s*(\\d+)\\s+[\\d.]+%?\\s+0\\s+data").matcher(totals);
            assertTrue(data.find(), totals);
            assertEquals(3L * PAGE, Long.parseLong(data.group(1)), totals);
        }
    }

    private static String extent(long offset, long length, int type, String description) {
        return "{\"offset\":" + offset + ",\"length\":" + length + ",\"type\":" + type + ",\"description\":\""
                + description + "\"}";
    }

    @Test
    void givenMemoryExport_whenCapabilitiesQueried_thenAllAdvertised() throws Exception {
        try (InProcessServer server = InProcessServer.start(
                new Export("m", "", new MemoryBlockDevice(1 << 20), false))) {
            for (String can : new String[] {"connect", "read", "write", "flush", "fua", "trim", "zero", "fast-zero",
                    "cache", "multi-conn"}) {
                runOk(TIMEOUT, "nbdinfo", "--can", can, server.uri("m"));
            }
            String json = runOk(TIMEOUT, "nbdinfo", "--json", server.uri("m")).stdout();
            assertTrue(json.contains("\"base:allocation\""), json);
            assertTrue(json.contains("\"is_read_only\": false"), json);
        }
    }

    @Test
    void givenReadOnlyFileExport_whenCapabilitiesQueried_thenNoWriteTrimOrZero() throws Exception {
        Path file = dir.resolve("disk.img");
        java.nio.file.Files.write(file, new byte[1 << 20]);
        try (FileBlockDevice device = FileBlockDevice.open(file, false);
                InProcessServer server = InProcessServer.start(new Export("ro", "", device, true))) {
            runOk(TIMEOUT, "nbdinfo", "--is", "read-only", server.uri("ro"));
            for (String cannot : new String[] {"write", "trim", "zero"}) {
                ExternalCommand.Result result = run(TIMEOUT, "nbdinfo", "--can", cannot, server.uri("ro"));
                assertEquals(2, result.exitCode(), "--can " + cannot + " should be false: " + result.stderr());
            }
            runOk(TIMEOUT, "nbdinfo", "--can", "multi-conn", server.uri("ro"));
        }
    }

    @Test
    void givenWritableFileExport_whenCapabilitiesQueried_thenFlushFuaButNoNativeTrim() throws Exception {
        Path file = dir.resolve("disk.img");
        java.nio.file.Files.write(file, new byte[1 << 20]);
        try (FileBlockDevice device = FileBlockDevice.open(file, false);
                InProcessServer server = InProcessServer.start(new Export("rw", "", device, false))) {
            for (String can : new String[] {"write", "flush", "fua", "multi-conn"}) {
                runOk(TIMEOUT, "nbdinfo", "--can", can, server.uri("rw"));
            }
            assertEquals(2, run(TIMEOUT, "nbdinfo", "--can", "trim", server.uri("rw")).exitCode());
        }
    }

    @Test
    void givenDefaultBlockSizes_whenInfoShown_thenAdvertised() throws Exception {
        try (InProcessServer server = InProcessServer.start(
                new Export("m", "", new MemoryBlockDevice(1 << 20), false))) {
            String json = runOk(TIMEOUT, "nbdinfo", "--json", server.uri("m")).stdout();
            assertTrue(json.contains("\"block_size_minimum\": 1"), json);
            assertTrue(json.contains("\"block_size_preferred\": 4096"), json);
            assertTrue(json.contains("\"block_size_maximum\": 33554432"), json);
        }
    }
}
