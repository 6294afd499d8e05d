package org.lunbridge.nbd.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.backend.MemoryBlockDeviceTest.pattern;
import static org.lunbridge.nbd.backend.MemoryBlockDeviceTest.read;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.Extent;
import org.lunbridge.nbd.spi.NbdError;

class FileBlockDeviceTest {
    @TempDir
    Path dir;

    private Path sparseFile(long size) throws IOException {
        Path file = dir.resolve("disk.img");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    @Test
    void givenSparseFile_whenOpened_thenSizeIsFileSizeAndReadsZero() throws IOException {
        try (FileBlockDevice device = FileBlockDevice.open(sparseFile(1L << 30), false)) {
            assertEquals(1L << 30, device.sizeBytes());
            assertArrayEquals(new byte[4096], read(device, (1L << 30) - 4096, 4096));
            assertTrue(device.canMultiConn() && device.canFlush() && device.canFua());
            assertFalse(device.canTrim() || device.canWriteZeroes() || device.canExtents());
            assertEquals(List.of(new Extent(4096, 0)), device.extents(0, 4096));
        }
    }

    @Test
    void givenWritesAtFirstAndLastByte_whenReadBackAfterReopen_thenPersisted() throws IOException {
        Path file = sparseFile(1 << 20);
        try (FileBlockDevice device = FileBlockDevice.open(file, false)) {
            device.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}), false);
            device.write((1 << 20) - 2, ByteBuffer.wrap(new byte[] {8, 9}), true);
            device.flush();
        }
        byte[] all = Files.readAllBytes(file);
        assertEquals(1 << 20, all.length);
        assertEquals(3, all[2]);
        assertEquals(9, all[all.length - 1]);
    }

    @Test
    void givenWriteBeyondEnd_whenAttempted_thenRejectedAndFileNotGrown() throws IOException {
        Path file = sparseFile(8192);
        try (FileBlockDevice device = FileBlockDevice.open(file, false)) {
            BlockDeviceException e = assertThrows(BlockDeviceException.class,
                    () -> device.write(8190, ByteBuffer.allocate(4), false));
            assertEquals(NbdError.EINVAL, e.error());
        }
        assertEquals(8192, Files.size(file));
    }

    @Test
    void givenReadOnlyOpen_whenWritten_thenEpermAndFlushIsHarmless() throws IOException {
        Path file = sparseFile(4096);
        file.toFile().setWritable(false);
        try (FileBlockDevice device = FileBlockDevice.open(file, true)) {
            assertTrue(device.isReadOnly());
            BlockDeviceException e = assertThrows(BlockDeviceException.class,
                    () -> device.write(0, ByteBuffer.allocate(1), false));
            assertEquals(NbdError.EPERM, e.error());
            device.flush();
        }
    }

    @Test
    void givenMissingFile_whenOpened_thenNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> FileBlockDevice.open(dir.resolve("absent"), false));
    }

    @Test
    void givenDirectory_whenOpened_thenRefused() {
        IOException e = assertThrows(IOException.class, () -> FileBlockDevice.open(dir, false));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void givenFileTruncatedAfterOpen_whenReadPastNewEnd_thenIoErrorNotZeroes() throws IOException {
        Path file = sparseFile(8192);
        try (FileBlockDevice device = FileBlockDevice.open(file, false)) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(4096);
            }
            assertThrows(IOException.class, () -> device.read(4000, ByteBuffer.allocate(200)));
        }
    }

    @Test
    void givenConcurrentPositionalWrites_whenDone_thenNoneInterfere() throws Exception {
        int chunk = 65536 + 17;
        int chunks = 64;
        Path file = sparseFile((long) chunk * chunks);
        try (FileBlockDevice device = FileBlockDevice.open(file, false)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < chunks; c++) {
                    long index = c;
                    futures.add(pool.submit(() -> {
                        device.write(index * chunk, ByteBuffer.wrap(pattern(chunk, index)), false);
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            for (long index = 0; index < chunks; index++) {
                assertArrayEquals(pattern(chunk, index), read(device, index * chunk, chunk), "chunk " + index);
            }
        }
    }
}
