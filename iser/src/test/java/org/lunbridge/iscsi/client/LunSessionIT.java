package org.lunbridge.iscsi.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lunbridge.iscsi.scsi.BlockRange;
import org.lunbridge.iscsi.scsi.ReadCapacity;
import org.lunbridge.iscsi.scsi.ReportLuns;
import org.lunbridge.iscsi.scsi.StandardInquiry;
import org.lunbridge.iscsi.session.ConnectionState;
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdTarget;

/** The client against real tgtd: data integrity at many sizes, block commands, inquiry, capacity. */
class LunSessionIT {

    static final String IQN = "iqn.2026-01.org.lunbridge:session-it";
    static final int MIB = 1 << 20;
    static TgtdTarget tgtd;
    static LunSession session;

    @BeforeAll
    static void start() throws Exception {
        tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.lun(LunSpec.of(1, 64 * MIB).asThin()).lun(LunSpec.of(2, 8 * MIB).withBlockSize(4096)).allowAll())
                .start();
        session = LunSession.open(IscsiUrl.parse(tgtd.iscsiUrl(IQN, 1)), ClientConfig.defaults());
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (tgtd != null) {
            tgtd.close();
        }
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096, 8192, 65536, 65536 + 512, 262144, 262144 + 4096, 1048576, 1048576 + 512,
            16 * 1048576})
    void givenRandomPattern_whenWrittenAndReadBack_thenIdenticalAndOnDisk(int size) throws Exception {
        byte[] pattern = new byte[size];
        new Random(size).nextBytes(pattern);
        long lba = 2048 + (size % 7);
        await(session.write(lba, size / 512, 512, ByteBuffer.wrap(pattern), false));
        ByteBuffer back = ByteBuffer.allocate(size);
        await(session.read(lba, size / 512, 512, back));
        assertArrayEquals(pattern, back.array());
        byte[] file = Files.readAllBytes(tgtd.backingFile(IQN, 1));
        assertArrayEquals(pattern, java.util.Arrays.copyOfRange(file, (int) lba * 512, (int) lba * 512 + size));
    }

    @Test
    void givenManyConcurrentCommands_whenWindowFills_thenQueuedAndAllDataIntact() throws Exception {
        int n = 200;
        int size = 64 * 1024;
        long base = 18L * MIB / 512;   // 18..30.5 MiB: no other test uses it
        List<CompletableFuture<Void>> writes = new java.util.ArrayList<>();
        byte[][] patterns = new byte[n][size];
        for (int i = 0; i < n; i++) {
            new Random(1000 + i).nextBytes(patterns[i]);
            writes.add(session.write(base + (long) i * (size / 512), size / 512, 512,
                    ByteBuffer.wrap(patterns[i]), false));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> reads = new java.util.ArrayList<>();
        ByteBuffer[] back = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            back[i] = ByteBuffer.allocate(size);
            reads.add(session.read(base + (long) i * (size / 512), size / 512, 512, back[i]));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        // Disjoint slots: SIMPLE tasks may be reordered by the target, so no two commands overlap.
        for (int i = 0; i < n; i++) {
            assertArrayEquals(patterns[i], back[i].array(), "slot of command " + i);
        }
        assertTrue(session.stats().scsiCommandPdus() >= 2 * n);
    }

    @Test
    void givenLuns_whenReportedAndCapacityRead_thenSizesAndBlockSizesMatch() throws Exception {
        ReportLuns luns = await(session.reportLuns());
        assertEquals(List.of(0, 1, 2), luns.luns().stream().map(l -> l.number().getAsInt()).toList());
        ReadCapacity c1 = await(session.readCapacity());
        assertEquals(512, c1.blockLengthBytes());
        assertEquals(64L * MIB, c1.blockCount() * 512);
        ReadCapacity c2 = await(session.forLun(2).readCapacity());
        assertEquals(4096, c2.blockLengthBytes());
        assertEquals(8L * MIB, c2.blockCount() * 4096);
        StandardInquiry inquiry = await(session.inquiry());
        assertEquals(0, inquiry.peripheralDeviceType());
        assertTrue(inquiry.vendor().contains("IET"), inquiry.vendor());
    }

    @Test
    void given4kLun_whenWritingFuaAndReading_thenRoundTrips() throws Exception {
        LunSession lun2 = session.forLun(2);
        byte[] pattern = new byte[3 * 4096];
        new Random(4).nextBytes(pattern);
        await(lun2.write(5, 3, 4096, ByteBuffer.wrap(pattern), true));
        ByteBuffer back = ByteBuffer.allocate(pattern.length);
        await(lun2.read(5, 3, 4096, back));
        assertArrayEquals(pattern, back.array());
    }

    @Test
    void givenData_whenUnmappedAndWriteSameAndSynced_thenReadsZero() throws Exception {
        byte[] ones = new byte[64 * 512];
        java.util.Arrays.fill(ones, (byte) 0x5a);
        await(session.write(100_000, 64, 512, ByteBuffer.wrap(ones), false));
        await(session.unmap(List.of(new BlockRange(100_000, 32))));
        await(session.writeSame(100_032, 32, 512, false));
        await(session.synchronizeCache());
        ByteBuffer back = ByteBuffer.allocate(64 * 512);
        await(session.read(100_000, 64, 512, back));
        assertArrayEquals(new byte[64 * 512], back.array());
    }

    @Test
    void givenThinLun_whenRangeUnmapped_thenLbaStatusReportsDeallocated() throws Exception {
        // tgt punches holes in the backing file; allocation is file-system granular, so use 1 MiB aligned ranges.
        byte[] data = new byte[2 * MIB];
        java.util.Arrays.fill(data, (byte) 1);
        long lba = 32L * MIB / 512;
        await(session.write(lba, data.length / 512, 512, ByteBuffer.wrap(data), false));
        await(session.unmap(List.of(new BlockRange(lba + MIB / 512, MIB / 512))));
        org.lunbridge.iscsi.scsi.LbaStatus mapped = await(session.lbaStatus(lba));
        assertEquals(lba, mapped.descriptors().get(0).range().lba());
        assertEquals(org.lunbridge.iscsi.scsi.LbaStatus.MAPPED, mapped.descriptors().get(0).provisioningStatus());
        org.lunbridge.iscsi.scsi.LbaStatus hole = await(session.lbaStatus(lba + MIB / 512));
        assertTrue(hole.descriptors().get(0).unmapped(), hole.toString());
    }

    @Test
    void givenReadBeyondEnd_whenExecuted_thenCheckConditionIllegalRequest() throws Exception {
        long blocks = 64L * MIB / 512;
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(session.read(blocks, 1, 512, ByteBuffer.allocate(512))));
        org.lunbridge.iscsi.scsi.CheckConditionException cc =
                assertInstanceOf(org.lunbridge.iscsi.scsi.CheckConditionException.class, e.getCause());
        assertEquals(5, cc.sense().senseKey(), "ILLEGAL REQUEST");
        assertEquals(ConnectionState.UP, session.session().state());
    }
}
