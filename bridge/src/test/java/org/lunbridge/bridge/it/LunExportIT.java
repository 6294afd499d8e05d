package org.lunbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lunbridge.bridge.export.ExportStats;
import org.lunbridge.bridge.export.IscsiBackends;
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;
import org.lunbridge.nbd.server.Export;
import org.lunbridge.nbd.server.NbdServer;
import org.lunbridge.nbd.server.NbdServerConfig;

/**
 * LUNs of a real tgtd served by lunbridge and driven by real NBD clients (nbdinfo, qemu-io, qemu-img, nbdcopy):
 * what each LUN advertises, and that data, FLUSH, FUA, TRIM and WRITE_ZEROES reach the target.
 */
@ExtendWith(TgtdLogOnFailure.class)
class LunExportIT {
    static final String IQN = "iqn.2026-01.org.lunbridge:bridge-it";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MIB = 1 << 20;

    static TgtdTarget tgtd;
    static Bridge bridge;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        tgtd = TgtdTarget.builder().target(IQN, t -> t.allowAll()
                .lun(LunSpec.of(1, 64 * MIB))
                .lun(LunSpec.of(2, 64 * MIB).withBlockSize(4096).asThin())
                .lun(LunSpec.of(3, 64 * MIB + 3 * 512))
                .lun(LunSpec.of(4, 4096L * 5003).withBlockSize(4096))
                .lun(LunSpec.of(5, 16 * MIB).asReadonly())
                .lun(LunSpec.of(6, 16 * MIB))
                .lun(LunSpec.of(7, 16 * MIB).withBlockSize(4096)))
                .start();
        Map<String, String> exports = new LinkedHashMap<>();
        for (int lun = 1; lun <= 7; lun++) {
            exports.put("lun" + lun, tgtd.iscsiUrl(IQN, lun));
        }
        bridge = Bridge.serve(IscsiBackends.defaults(), exports, false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (tgtd != null) {
            tgtd.close();
        }
    }

    static String info(String export) {
        return Tools.runOk(TIMEOUT, "nbdinfo", bridge.uri(export)).stdout();
    }

    static long field(String info, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + name + ": (\\d+)").matcher(info);
        assertTrue(m.find(), name + " missing in\n" + info);
        return Long.parseLong(m.group(1));
    }

    static String flag(String info, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + name + ": (\\w+)").matcher(info);
        assertTrue(m.find(), name + " missing in\n" + info);
        return m.group(1);
    }

    @ParameterizedTest(name = "{0}: {1} bytes, {2}-byte blocks")
    @CsvSource({
            "lun1, 67108864, 512, false",
            "lun2, 67108864, 4096, true",
            "lun3, 67110400, 512, false",
            "lun4, 20492288, 4096, false",
    })
    void givenLun_whenNbdinfo_thenSizeBlockSizesAndCapabilities(String export, long size, int block,
                                                               boolean thin) {
        String info = info(export);
        assertEquals(size, field(info, "export-size"));
        assertEquals(block, field(info, "block_size_minimum"));
        assertEquals(Math.max(4096, block), field(info, "block_size_preferred"));
        assertEquals(32 * MIB, field(info, "block_size_maximum"));
        assertEquals("true", flag(info, "can_flush"));
        assertEquals("true", flag(info, "can_fua"));
        assertEquals("true", flag(info, "can_multi_conn"));
        assertEquals("true", flag(info, "can_zero"));
        assertEquals(String.valueOf(thin), flag(info, "can_trim"));
        assertEquals("false", flag(info, "is_read_only"));
        assertTrue(info.matches("(?s).*description: \\S+ \\S+ \\S+.*"), "vendor product serial in\n" + info);
    }

    @Test
    void givenOddSizedLun_whenLastBlockWrittenAndRead_thenItRoundTrips() {
        long last = 64 * MIB + 2 * 512;
        Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "write -P 0x5a " + last + " 512", bridge.uri("lun3"));
        Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "read -P 0x5a " + last + " 512", bridge.uri("lun3"));
        // One block past the end is refused by the server (ENOSPC for writes, proto.md).
        String out = Tools.run(TIMEOUT, "qemu-io", "-f", "raw", "-c", "read 0 512", "-c",
                "write " + (last + 512) + " 512", bridge.uri("lun3")).output();
        assertTrue(out.contains("Input/output error") || out.contains("No space") || out.contains("out of bounds")
                || out.contains("Invalid argument"), out);
    }

    @Test
    void givenKernelLikeClient_whenUnalignedOrBeyondEnd_thenEinvalOrEnospcAndTheConnectionLives() throws Exception {
        try (RawNbdClient client = new RawNbdClient(bridge.port(), "lun4")) {
            assertEquals(0, client.request(0, 4096, 8192, null), "aligned read");
            assertEquals(22, client.request(0, 512, 4096, null), "read at 512 on a 4096-byte LUN: EINVAL");
            assertEquals(22, client.request(0, 4096, 512, null), "read of 512 bytes: EINVAL");
            assertEquals(22, client.request(1, 1024, 512, new byte[512]), "unaligned write: EINVAL");
            assertEquals(28, client.request(1, 4096L * 5003, 4096, new byte[4096]), "write past the end: ENOSPC");
            assertEquals(0, client.request(1, 4096L * 5002, 4096, new byte[4096]), "last block");
            assertEquals(0, client.request(3, 0, 0, null), "flush");
        }
    }

    @Test
    void givenUnalignedRequest_whenQemuWritesTo4kLun_thenQemuDoesReadModifyWrite() {
        String out = Tools.run(TIMEOUT, "qemu-io", "-f", "raw", "-c", "write 512 512", bridge.uri("lun4"))
                .output();
        // qemu honours NBD_INFO_BLOCK_SIZE and does read-modify-write itself: the write succeeds as whole blocks.
        assertTrue(out.contains("wrote 512/512 bytes"), out);
        Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "read -P 0xcd 512 512", "-c", "read -P 0 0 512",
                bridge.uri("lun4"));
    }

    @Test
    void givenReadOnlyLun_whenInfo_thenReadOnly_andAWriteThatReachesTheTargetFailsEperm() throws Exception {
        assertEquals("true", flag(info("lun5"), "is_read_only"));
        assertEquals("false", flag(info("lun5"), "can_trim"));
        // Serve the same device claiming to be writable: the target itself must refuse with DATA PROTECT.
        Export export = new Export("ro", "", new Writable(bridge.device("lun5")), false);
        try (NbdServer server = NbdServer.start(NbdServerConfig.of(new InetSocketAddress("127.0.0.1", 0),
                List.of(export)))) {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            Tools.Result r = Tools.run(TIMEOUT, "qemu-io", "-f", "raw", "-c", "write -P 1 0 4096",
                    "nbd://127.0.0.1:" + port + "/ro");
            assertTrue(r.output().contains("Operation not permitted"), r.output());
        }
        Tools.runOk(TIMEOUT, "qemu-io", "-r", "-f", "raw", "-c", "read -P 0 0 64k", bridge.uri("lun5"));
    }

    @Test
    void givenFlushAndFua_whenSent_thenSynchronizeCacheAndFuaWritesReachTheTarget() {
        ExportStats.Snapshot before = bridge.device("lun1").stats();
        Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "write -P 0x11 0 64k", "-c", "flush",
                "-c", "write -f -P 0x22 64k 64k", "-c", "read -P 0x22 64k 64k", bridge.uri("lun1"));
        ExportStats.Snapshot after = bridge.device("lun1").stats();
        assertTrue(bridge.device("lun1").canFua(), "tgt reports DPOFUA");
        assertTrue(after.synchronizeCaches() > before.synchronizeCaches(), "FLUSH became SYNCHRONIZE CACHE");
        assertTrue(after.fuaWrites() > before.fuaWrites(), "FUA became WRITE(16) with FUA");
        assertTrue(after.writes() - before.writes() >= 2);
    }

    @Test
    void givenThinLun_whenTrimmedAndZeroed_thenZeroesHolesAndBlockStatus() throws Exception {
        String uri = bridge.uri("lun2");
        Path backing = tgtd.backingFile(IQN, 2);
        Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "write -P 0xaa 0 8M", "-c", "flush", uri);
        long allocatedFull = allocated(backing);
        Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "discard 0 2M", "-c", "write -z -u 2M 2M",
                "-c", "write -z 4M 1M", "-c", "flush", uri);
        Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "read -P 0 0 5M", "-c", "read -P 0xaa 5M 3M", uri);
        byte[] onTarget = Files.readAllBytes(backing);
        for (int i = 0; i < 5 * MIB; i += 4096) {
            assertEquals(0, onTarget[i], "backing file byte " + i);
        }
        assertEquals((byte) 0xaa, onTarget[(int) (5 * MIB)]);
        long allocatedAfter = allocated(backing);
        assertTrue(allocatedAfter <= allocatedFull - 4 * MIB, "holes punched: " + allocatedFull + " -> "
                + allocatedAfter);
        ExportStats.Snapshot s = bridge.device("lun2").stats();
        assertTrue(s.unmaps() >= 1 && s.writeSames() >= 1, s.toString());
        String map = Tools.runOk(TIMEOUT, "nbdinfo", "--map", uri).stdout();
        // Discarded and may-trim zeroed: one hole (GET LBA STATUS: deallocated; LBPRZ: reads zero). NO_HOLE
        // zeroing (WRITE SAME without UNMAP) and the rest stay data.
        assertTrue(map.lines().anyMatch(l -> l.matches("\\s*0\\s+4194304\\s+3\\s+hole,zero")), map);
        assertTrue(map.lines().anyMatch(l -> l.matches("\\s*4194304\\s+\\d+\\s+0\\s+data")), map);
    }

    @Test
    void givenRawImage_whenQemuImgConvertIntoLun_thenCompareIdenticalAndOnTarget() throws Exception {
        Path image = dir.resolve("src.img");
        byte[] data = new byte[(int) (16 * MIB)];
        new Random(7).nextBytes(data);
        java.util.Arrays.fill(data, (int) (4 * MIB), (int) (8 * MIB), (byte) 0);
        Files.write(image, data);
        Tools.runOk(TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", image.toString(),
                bridge.uri("lun6"));
        String compare = Tools.runOk(TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", image.toString(),
                bridge.uri("lun6")).stdout();
        assertTrue(compare.contains("Images are identical"), compare);
        assertArrayEquals(data, Files.readAllBytes(tgtd.backingFile(IQN, 6)));
    }

    @Test
    void givenFile_whenNbdcopyInAndOut_thenByteIdentical() throws Exception {
        Path in = dir.resolve("in.img");
        Path out = dir.resolve("out.img");
        byte[] data = new byte[(int) (16 * MIB)];
        new Random(8).nextBytes(data);
        Files.write(in, data);
        Tools.runOk(TIMEOUT, "nbdcopy", "--connections=4", in.toString(), bridge.uri("lun7"));
        Tools.runOk(TIMEOUT, "nbdcopy", "--connections=4", bridge.uri("lun7"), out.toString());
        assertArrayEquals(data, Files.readAllBytes(out));
        assertArrayEquals(data, Files.readAllBytes(tgtd.backingFile(IQN, 7)));
    }

    static long allocated(Path file) {
        return Long.parseLong(Tools.runOk(TIMEOUT, "stat", "-c", "%b", file.toString()).stdout().strip()) * 512;
    }
}
