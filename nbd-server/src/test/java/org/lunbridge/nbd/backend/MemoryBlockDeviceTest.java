package org.lunbridge.nbd.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.Extent;
import org.lunbridge.nbd.spi.NbdError;

class MemoryBlockDeviceTest {
    private static final int PAGE = MemoryBlockDevice.PAGE_BYTES;
    private static final int HOLE = Extent.HOLE | Extent.ZERO;

    @Test
    void givenFreshDevice_whenRead_thenZeroesAndNothingAllocated() throws IOException {
        MemoryBlockDevice device = new MemoryBlockDevice(1L << 40);
        byte[] data = read(device, (1L << 40) - 3 * PAGE - 7, 3 * PAGE + 7);
        assertArrayEquals(new byte[data.length], data);
        assertEquals(0, device.allocatedBytes());
        assertEquals(List.of(new Extent(4L * PAGE, HOLE)), device.extents(0, 4L * PAGE));
    }

    @Test
    void givenWriteAcrossPageBoundary_whenReadBack_thenSameBytesAndTwoPagesAllocated() throws IOException {
        MemoryBlockDevice device = new MemoryBlockDevice(4L * PAGE);
        byte[] pattern = pattern(1000, 1);
        device.write(PAGE - 500, ByteBuffer.wrap(pattern), false);
        assertArrayEquals(pattern, read(device, PAGE - 500, 1000));
        assertEquals(2L * PAGE, device.allocatedBytes());
        byte[] around = read(device, PAGE - 501, 1002);
        assertEquals(0, around[0]);
        assertEquals(0, around[1001]);
    }

    @Test
    void givenLastByte_whenWrittenAndRead_thenRoundTrips() throws IOException {
        long size = 3L * PAGE + 123;
        MemoryBlockDevice device = new MemoryBlockDevice(size);
        device.write(size - 1, ByteBuffer.wrap(new byte[] {42}), true);
        assertArrayEquals(new byte[] {42}, read(device, size - 1, 1));
        assertEquals(List.of(new Extent(3L * PAGE, HOLE), new Extent(123, 0)), device.extents(0, size));
    }

    @Test
    void givenRangeBeyondEnd_whenAccessed_thenEinval() {
        MemoryBlockDevice device = new MemoryBlockDevice(PAGE);
        BlockDeviceException read = assertThrows(BlockDeviceException.class,
                () -> device.read(PAGE - 1, ByteBuffer.allocate(2)));
        assertEquals(NbdError.EINVAL, read.error());
        assertThrows(BlockDeviceException.class, () -> device.write(Long.MAX_VALUE, ByteBuffer.allocate(1), false));
        assertThrows(BlockDeviceException.class, () -> device.trim(-1, 1, false));
    }

    @Test
    void givenReadOnlyDevice_whenWritten_thenEperm() {
        MemoryBlockDevice device = new MemoryBlockDevice(PAGE, true, "ro");
        for (var op : List.<ThrowingOp>of(
                () -> device.write(0, ByteBuffer.allocate(1), false),
                () -> device.trim(0, 1, false),
                () -> device.writeZeroes(0, 1, true, false))) {
            BlockDeviceException e = assertThrows(BlockDeviceException.class, op::run);
            assertEquals(NbdError.EPERM, e.error());
        }
    }

    @Test
    void givenTrimOfWholeAndPartialPages_whenDone_thenWholeFreedPartialZeroedRestKept() throws IOException {
        MemoryBlockDevice device = new MemoryBlockDevice(4L * PAGE);
        byte[] ones = filled(4 * PAGE, (byte) 1);
        device.write(0, ByteBuffer.wrap(ones), false);
        device.trim(PAGE / 2, 2L * PAGE, false); // half of page 0, all of page 1, half of page 2

        assertEquals(3L * PAGE, device.allocatedBytes());
        byte[] after = read(device, 0, 4 * PAGE);
        for (int i = 0; i < after.length; i++) {
            byte expected = (i >= PAGE / 2 && i < PAGE / 2 + 2 * PAGE) ? 0 : (byte) 1;
            assertEquals(expected, after[i], "byte " + i);
        }
        assertEquals(List.of(new Extent(PAGE, 0), new Extent(PAGE, HOLE), new Extent(2L * PAGE, 0)),
                device.extents(0, 4L * PAGE));
    }

    @Test
    void givenWriteZeroesMayTrim_whenDone_thenPagesFreed() throws IOException {
        MemoryBlockDevice device = new MemoryBlockDevice(8L * PAGE);
        device.write(0, ByteBuffer.wrap(filled(8 * PAGE, (byte) 7)), false);
        device.writeZeroes(0, 8L * PAGE - 1, true, false);
        assertEquals(PAGE, device.allocatedBytes());
        byte[] after = read(device, 0, 8 * PAGE);
        assertEquals(0, after[8 * PAGE - 2]);
        assertEquals(7, after[8 * PAGE - 1]);
    }

    @Test
    void givenWriteZeroesNoHole_whenDone_thenPagesAllocatedAndZero() throws IOException {
        MemoryBlockDevice device = new MemoryBlockDevice(4L * PAGE);
        device.write(PAGE, ByteBuffer.wrap(filled(PAGE, (byte) 9)), false);
        device.writeZeroes(0, 3L * PAGE, false, false);
        assertEquals(3L * PAGE, device.allocatedBytes());
        assertArrayEquals(new byte[3 * PAGE], read(device, 0, 3 * PAGE));
        assertEquals(List.of(new Extent(3L * PAGE, 0), new Extent(PAGE, HOLE)), device.extents(0, 4L * PAGE));
    }

    @Test
    void givenMidPageOffset_whenExtentsQueried_thenFirstExtentStartsThere() throws IOException {
        MemoryBlockDevice device = new MemoryBlockDevice(4L * PAGE);
        device.write(2L * PAGE, ByteBuffer.wrap(new byte[1]), false);
        assertEquals(List.of(new Extent(PAGE - 10, HOLE), new Extent(PAGE, 0)), device.extents(PAGE + 10, PAGE));
    }

    @Test
    void givenConcurrentWritersOnSharedPages_whenAllDone_thenEveryWriteIsIntact() throws Exception {
        MemoryBlockDevice device = new MemoryBlockDevice(16L * PAGE);
        int writers = 8;
        int chunk = 4096 + 13; // unaligned chunks so writers share pages
        int chunksPerWriter = (16 * PAGE) / chunk / writers;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int c = 0; c < chunksPerWriter; c++) {
                        long index = (long) c * writers + writer;
                        device.write(index * chunk, ByteBuffer.wrap(pattern(chunk, index)), false);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (long index = 0; index < (long) chunksPerWriter * writers; index++) {
            assertArrayEquals(pattern(chunk, index), read(device, index * chunk, chunk), "chunk " + index);
        }
    }

    @Test
    void givenDirectBuffers_whenWrittenAndRead_thenRoundTrips() throws IOException {
        MemoryBlockDevice device = new MemoryBlockDevice(2L * PAGE);
        ByteBuffer src = ByteBuffer.allocateDirect(PAGE + 3).put(pattern(PAGE + 3, 5)).flip();
        device.write(7, src, false);
        assertTrue(!src.hasRemaining());
        ByteBuffer dst = ByteBuffer.allocateDirect(PAGE + 3);
        device.read(7, dst);
        byte[] got = new byte[PAGE + 3];
        dst.flip().get(got);
        assertArrayEquals(pattern(PAGE + 3, 5), got);
    }

    @Test
    void givenCapabilities_whenQueried_thenAllNativeOpsAdvertised() {
        MemoryBlockDevice device = new MemoryBlockDevice(PAGE);
        assertTrue(device.canFlush() && device.canFua() && device.canTrim() && device.canWriteZeroes()
                && device.canFastZero() && device.canCache() && device.canExtents() && device.canMultiConn());
    }

    interface ThrowingOp {
        void run() throws Exception;
    }

    static byte[] read(org.lunbridge.nbd.spi.BlockDevice device, long offset, int length) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(length);
        device.read(offset, dst);
        assertEquals(length, dst.position());
        return dst.array();
    }

    static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}
