package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** libnbd's nbdinfo against our server with the in-memory test device. */
@Timeout(120)
class NbdInfoIT {
    private static final int SIZE = 16 * 1024 * 1024;
    private static NbdServer server;
    private static TestDevice full;
    private static String base;

    @BeforeAll
    static void startServer() throws Exception {
        full = new TestDevice(SIZE, TestDevice.Caps.all());
        full.fill(1024 * 1024, new byte[64 * 1024]); // one allocated run at 1 MiB
        TestDevice bare = new TestDevice(SIZE, new TestDevice.Caps());
        server = NbdServer.start(NbdServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new Export("full", "all capabilities", full, false),
                        new Export("bare", "no capabilities", bare, true))));
        base = "nbd://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/";
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void givenFullExport_whenNbdinfoJson_thenSizeFlagsBlockSizesAndContextReported() throws Exception {
        ExternalTool.Result r = ExternalTool.run("nbdinfo", "--json", base + "full");
        assertEquals(0, r.exitCode(), r.toString());
        String json = r.stdout().replaceAll("\\s+", "");
        for (String expected : List.of("\"export-size\":" + SIZE, "\"is_read_only\":false", "\"can_flush\":true",
                "\"can_fua\":true", "\"can_trim\":true", "\"can_zero\":true", "\"can_fast_zero\":true",
                "\"can_cache\":true", "\"can_multi_conn\":true", "\"can_df\":true", "\"is_rotational\":false",
                "\"block_size_minimum\":1", "\"block_size_preferred\":4096",
                "\"block_size_maximum\":33554432", "\"description\":\"allcapabilities\"", "base:allocation")) {
            assertTrue(json.contains(expected), "missing " + expected + " in " + r);
        }
    }

    @Test
    void givenTwoExports_whenNbdinfoList_thenBothListedWithDescriptions() throws Exception {
        ExternalTool.Result r = ExternalTool.run("nbdinfo", "--list", "--json", base);
        assertEquals(0, r.exitCode(), r.toString());
        String json = r.stdout().replaceAll("\\s+", "");
        for (String expected : List.of("\"export-name\":\"full\"", "\"export-name\":\"bare\"",
                "\"description\":\"allcapabilities\"", "\"description\":\"nocapabilities\"")) {
            assertTrue(json.contains(expected), "missing " + expected + " in " + r);
        }
    }

    @Test
    void givenOneAllocatedRun_whenNbdinfoMap_thenHoleDataHole() throws Exception {
        ExternalTool.Result r = ExternalTool.run("nbdinfo", "--map", base + "full");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0 1048576 3 hole,zero", "1048576 65536 0 data",
                "1114112 " + (SIZE - 1114112) + " 3 hole,zero"), lines, r.toString());
    }

    @Test
    void givenUnixSocketServer_whenNbdinfo_thenExportServed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path socket = dir.resolve("nbd.sock");
        try (NbdServer unix = NbdServer.start(NbdServerConfig.of(java.net.UnixDomainSocketAddress.of(socket),
                List.of(new Export("u", "unix export", new TestDevice(65536, TestDevice.Caps.all()), false))))) {
            ExternalTool.Result r = ExternalTool.run("nbdinfo", "--json", "nbd+unix:///u?socket=" + socket);
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(java.net.UnixDomainSocketAddress.of(socket), unix.localAddress());
            String json = r.stdout().replaceAll("\\s+", "");
            assertTrue(json.contains("\"export-size\":65536") && json.contains("\"description\":\"unixexport\""),
                    r.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flush", "fua", "trim", "zero", "fast-zero", "cache", "multi-conn", "df"})
    void givenFullExport_whenNbdinfoCan_thenTrue(String feature) throws Exception {
        ExternalTool.Result r = ExternalTool.run("nbdinfo", "--can", feature, base + "full");
        assertEquals(0, r.exitCode(), feature + ": " + r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flush", "fua", "trim", "zero", "fast-zero", "cache", "multi-conn"})
    void givenBareReadOnlyExport_whenNbdinfoCan_thenFalse(String feature) throws Exception {
        ExternalTool.Result r = ExternalTool.run("nbdinfo", "--can", feature, base + "bare");
        assertEquals(2, r.exitCode(), feature + ": " + r);
    }

    @Test
    void givenBareReadOnlyExport_whenNbdinfoIsReadOnly_thenTrue() throws Exception {
        ExternalTool.Result r = ExternalTool.run("nbdinfo", "--is", "read-only", base + "bare");
        assertEquals(0, r.exitCode(), r.toString());
    }
}
