package org.lunbridge.nbd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lunbridge.nbd.it.ExternalCommand.runOk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.nbd.backend.FileBlockDevice;
import org.lunbridge.nbd.backend.MemoryBlockDevice;
import org.lunbridge.nbd.server.Export;

/** nbdcopy round trips (file to export to file) over several connections, compared by SHA-256. */
class NbdcopyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int SIZE = 24 << 20;

    @TempDir
    Path dir;

    /** Random data in most 256 KiB chunks, holes (never written) in every third, an odd tail. */
    private Path sourceImage() throws IOException {
        Path source = dir.resolve("source.img");
        Random random = new Random(20261125);
        try (RandomAccessFile raf = new RandomAccessFile(source.toFile(), "rw")) {
            raf.setLength(SIZE);
            byte[] chunk = new byte[256 << 10];
            for (int i = 0; i < SIZE / chunk.length; i++) {
                if (i % 3 != 1) {
                    random.nextBytes(chunk);
                    raf.seek((long) i * chunk.length);
                    raf.write(chunk, 0, i == SIZE / chunk.length - 1 ? chunk.length - 4095 : chunk.length);
                }
            }
        }
        return source;
    }

    @Test
    void givenMemoryExport_whenImageCopiedInAndOut_thenChecksumsMatch() throws Exception {
        Path source = sourceImage();
        Path back = dir.resolve("back.img");
        MemoryBlockDevice device = new MemoryBlockDevice(SIZE);
        try (InProcessServer server = InProcessServer.start(new Export("mem", "", device, false))) {
            runOk(TIMEOUT, "nbdcopy", "--connections=4", "--requests=16", source.toString(), server.uri("mem"));
            runOk(TIMEOUT, "nbdcopy", "--connections=4", server.uri("mem"), back.toString());
        }
        assertEquals(sha256(source), sha256(back));
        // nbdcopy skips zero runs, so the holes in the source stay holes in memory.
        assertEquals(true, device.allocatedBytes() < SIZE, "allocated " + device.allocatedBytes());
    }

    @Test
    void givenFileExport_whenImageCopiedInAndOut_thenChecksumsMatchAndFileHoldsIt() throws Exception {
        Path source = sourceImage();
        Path target = dir.resolve("target.img");
        try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
            raf.setLength(SIZE);
            raf.write(new byte[] {(byte) 0xee}); // must be overwritten by the source's data
        }
        Path back = dir.resolve("back.img");
        try (FileBlockDevice device = FileBlockDevice.open(target, false);
                InProcessServer server = InProcessServer.start(new Export("file", "", device, false))) {
            runOk(TIMEOUT, "nbdcopy", "--connections=4", source.toString(), server.uri("file"));
            runOk(TIMEOUT, "nbdcopy", server.uri("file"), back.toString());
        }
        assertEquals(sha256(source), sha256(back));
        assertEquals(sha256(source), sha256(target));
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
