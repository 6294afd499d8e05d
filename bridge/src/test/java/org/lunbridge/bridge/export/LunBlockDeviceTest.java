package org.lunbridge.bridge.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lunbridge.bridge.pool.SessionPool;
import org.lunbridge.iscsi.scsi.BlockLimits;
import org.lunbridge.iscsi.scsi.ReadCapacity;
import org.lunbridge.iscsi.scsi.StandardInquiry;
import org.lunbridge.iscsi.scsi.VpdPage;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.BlockSizes;
import org.lunbridge.nbd.spi.NbdError;

class LunBlockDeviceTest {

    private static final int BLOCK = 512;
    private static final int BLOCKS = 2048;

    private final FakeLunPath.Lun lun = new FakeLunPath.Lun(BLOCKS, BLOCK);
    private final List<FakeLunPath> paths = List.of(new FakeLunPath(lun, 0), new FakeLunPath(lun, 1));

    static LunProfile profile(int blockLength, long blocks, long maxTransferBlocks, int granularityBlocks,
                              boolean writeProtected, boolean dpoFua, boolean thin) {
        StandardInquiry inquiry = new StandardInquiry(0, 0, false, 6, 2, 31, 0, false, false, true, "LIO-ORG",
                "FAKE", "1.0", List.of());
        ReadCapacity capacity = new ReadCapacity(blocks - 1, blockLength, 0, false, 0, 0, thin, thin, 0);
        BlockLimits limits = new BlockLimits(0x3c, false, 0, granularityBlocks, maxTransferBlocks, 0, 0,
                thin ? 0xFFFF_FFFFL : 0, thin ? 16 : 0, 1, false, 0, 0);
        Optional<VpdPage.LogicalBlockProvisioning> lbp = thin
                ? Optional.of(new VpdPage.LogicalBlockProvisioning(4, 0, true, true, false, 1, false, false, 0, 2, 0))
                : Optional.empty();
        return new LunProfile(inquiry, "SER123", capacity, Optional.of(limits), lbp, false, writeProtected,
                dpoFua, true);
    }

    private LunBlockDevice device(LunProfile profile, boolean readOnly) {
        return new LunBlockDevice(new SessionPool(paths, 8, null), profile, readOnly);
    }

    private long count(String opcodePrefix) {
        synchronized (lun.log) {
            return lun.log.stream().filter(e -> e.substring(e.indexOf(':') + 1).startsWith(opcodePrefix)).count();
        }
    }

    @Test
    void givenMaxTransferLength8_whenReading20Blocks_thenThreeReadsAndTheRightBytes() throws Exception {
        new Random(1).nextBytes(lun.disk);
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 8, 0, false, false, false), false);
        ByteBuffer dst = ByteBuffer.allocate(20 * BLOCK);
        device.read(3 * BLOCK, dst);
        assertEquals(3, count("READ(16)"));
        assertEquals(20 * BLOCK, dst.position());
        byte[] expected = java.util.Arrays.copyOfRange(lun.disk, 3 * BLOCK, 23 * BLOCK);
        assertArrayEquals(expected, dst.array());
    }

    @Test
    void givenSplitWrite_whenWritten_thenCommandsSpreadOverBothSessionsAndDataLands() throws Exception {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 4, 0, false, false, false), false);
        byte[] data = new byte[64 * BLOCK];
        new Random(2).nextBytes(data);
        device.write(BLOCK, ByteBuffer.wrap(data), false);
        assertEquals(16, count("WRITE(16)"));
        assertArrayEquals(data, java.util.Arrays.copyOfRange(lun.disk, BLOCK, 65 * BLOCK));
        assertEquals(16, device.stats().writes());
        assertTrue(device.pool().dispatched(0) > 0 && device.pool().dispatched(1) > 0, "both sessions used");
    }

    @Test
    void givenDpoFua_whenWriteWithFua_thenFuaBitAndNoFlush() throws Exception {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, true, false), false);
        assertTrue(device.canFua());
        device.write(0, ByteBuffer.allocate(BLOCK), true);
        assertEquals(1, device.stats().fuaWrites());
        assertEquals(0, device.stats().synchronizeCaches());
    }

    @Test
    void givenNoDpoFua_thenFuaIsLeftToTheServersFlushFallback() {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        assertFalse(device.canFua());
        assertTrue(device.canFlush(), "SEND_FLUSH (and so SEND_FUA) is always advertised");
    }

    @Test
    void givenWriteInFlight_whenFlushed_thenSynchronizeCacheWaitsForTheWrite() throws Exception {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        paths.forEach(p -> p.holdWrites = true);
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                device.write(0, ByteBuffer.allocate(4 * BLOCK), false);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        while (paths.stream().mapToInt(FakeLunPath::heldCount).sum() == 0) {
            Thread.onSpinWait();
        }
        CompletableFuture<Void> flush = CompletableFuture.runAsync(() -> {
            try {
                device.flush();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        Thread.sleep(100); // the flush must still be waiting: no event to await for "did not happen"
        assertFalse(flush.isDone());
        assertEquals(0, count("SYNCHRONIZE CACHE"));
        paths.forEach(FakeLunPath::releaseHeld);
        write.get(5, TimeUnit.SECONDS);
        flush.get(5, TimeUnit.SECONDS);
        List<String> order = new ArrayList<>(lun.log);
        assertTrue(order.get(order.size() - 1).contains("SYNCHRONIZE CACHE"), order.toString());
        assertEquals(1, count("SYNCHRONIZE CACHE"), "one SYNCHRONIZE CACHE covers the LUN's cache");
    }

    @Test
    void givenUnitAttentionOnce_whenRead_thenRetriedAndSucceeds() throws Exception {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        paths.forEach(p -> p.scripted.add(FakeLunPath.checkCondition(0x6, 0x29, 0x00)));
        device.read(0, ByteBuffer.allocate(BLOCK));
        assertTrue(device.stats().retries() >= 1);
    }

    @Test
    void givenBusyTwice_whenRead_thenBackedOffRetriedAndSucceeds() throws Exception {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        for (FakeLunPath p : paths) {
            p.scripted.add(new org.lunbridge.iscsi.session.ScsiOutcome.OtherStatus(0x08, 0, false, false));
            p.scripted.add(new org.lunbridge.iscsi.session.ScsiOutcome.OtherStatus(0x28, 0, false, false));
        }
        device.read(0, ByteBuffer.allocate(BLOCK));
        assertTrue(device.stats().retries() >= 2, device.stats().toString());
    }

    @Test
    void givenReservationConflict_whenWritten_thenEioWithoutRetry() {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        paths.forEach(p -> p.scripted.add(new org.lunbridge.iscsi.session.ScsiOutcome.OtherStatus(0x18, 0, false,
                false)));
        BlockDeviceException e = assertThrows(BlockDeviceException.class,
                () -> device.write(0, ByteBuffer.allocate(BLOCK), false));
        assertEquals(NbdError.EIO, e.error());
        assertEquals(0, device.stats().retries());
    }

    @Test
    void givenAllSessionsLost_whenRead_thenEioAtOnce() {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        paths.forEach(p -> p.healthy = false);
        BlockDeviceException e = assertThrows(BlockDeviceException.class,
                () -> device.read(0, ByteBuffer.allocate(BLOCK)));
        assertEquals(NbdError.EIO, e.error());
    }

    @Test
    void givenDataProtect_whenWritten_thenEperm() {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        paths.forEach(p -> p.scripted.add(FakeLunPath.checkCondition(0x7, 0x27, 0x00)));
        BlockDeviceException e = assertThrows(BlockDeviceException.class,
                () -> device.write(0, ByteBuffer.allocate(BLOCK), false));
        assertEquals(NbdError.EPERM, e.error());
    }

    @Test
    void givenWriteSameRejected_whenZeroing_thenEnotsupAndNotTriedAgain() throws Exception {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        paths.forEach(p -> p.scripted.add(FakeLunPath.checkCondition(0x5, 0x20, 0x00)));
        BlockDeviceException e = assertThrows(BlockDeviceException.class,
                () -> device.writeZeroes(0, 8 * BLOCK, true, false));
        assertEquals(NbdError.ENOTSUP, e.error());
        long before = device.stats().writeSames();
        assertEquals(NbdError.ENOTSUP, assertThrows(BlockDeviceException.class,
                () -> device.writeZeroes(0, 8 * BLOCK, true, false)).error());
        assertEquals(before, device.stats().writeSames());
    }

    @Test
    void givenThinLbprzLun_whenZeroingAndTrimming_thenZeroesAndFastZeroAdvertised() throws Exception {
        java.util.Arrays.fill(lun.disk, (byte) 7);
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, true), false);
        assertTrue(device.canTrim());
        assertTrue(device.canFastZero());
        device.writeZeroes(2 * BLOCK, 3 * BLOCK, true, false);
        device.trim(10 * BLOCK, 2 * BLOCK, true);
        assertEquals(0, lun.disk[2 * BLOCK]);
        assertEquals(0, lun.disk[5 * BLOCK - 1]);
        assertEquals(7, lun.disk[5 * BLOCK]);
        assertEquals(0, lun.disk[11 * BLOCK]);
        assertEquals(1, device.stats().unmaps());
        assertEquals(1, device.stats().synchronizeCaches(), "FUA trim is followed by SYNCHRONIZE CACHE");
    }

    @Test
    void givenFullyProvisionedLun_thenNoTrimNoFastZero() {
        LunBlockDevice device = device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false);
        assertFalse(device.canTrim());
        assertFalse(device.canFastZero());
        assertTrue(device.canMultiConn());
    }

    @Test
    void givenWriteProtectedOrForced_thenReadOnly() {
        assertTrue(device(profile(BLOCK, BLOCKS, 0, 0, true, false, false), false).isReadOnly());
        assertTrue(device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), true).isReadOnly());
        assertFalse(device(profile(BLOCK, BLOCKS, 0, 0, false, false, false), false).isReadOnly());
    }

    @Test
    void givenLimits_thenBlockSizesFollowThem() {
        assertEquals(new BlockSizes(512, 4096, 32 * 1024 * 1024),
                device(profile(512, BLOCKS, 0, 0, false, false, false), false).blockSizes());
        assertEquals(new BlockSizes(4096, 65536, 1024 * 1024),
                device(profile(4096, BLOCKS, 256, 16, false, false, false), false).blockSizes());
        // Granularity that is not a power of two in bytes is ignored for the preferred size.
        assertEquals(new BlockSizes(512, 4096, 512 * 512),
                device(profile(512, BLOCKS, 512, 3, false, false, false), false).blockSizes());
        assertEquals(BLOCKS * 512L, device(profile(512, BLOCKS, 0, 0, false, false, false), false).sizeBytes());
        assertEquals("LIO-ORG FAKE SER123",
                device(profile(512, BLOCKS, 0, 0, false, false, false), false).description());
    }
}
