package org.lunbridge.nbd.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.it.ExternalCommand.runOk;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.nbd.backend.FileBlockDevice;
import org.lunbridge.nbd.backend.MemoryBlockDevice;
import org.lunbridge.nbd.server.Export;

/**
 * fio's NBD engine (libnbd, one connection per job) writing random blocks over 4 connections and verifying each with
 * CRC32C. Every job owns its own region (offset_increment) so verification is deterministic.
 */
class FioVerifyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int JOBS = 4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "bs={0} iodepth={1}")
    @CsvSource({"4k,1,2M", "4k,32,4M", "64k,1,4M", "64k,32,8M", "1M,1,8M", "1M,32,16M"})
    void givenFourConnections_whenRandomWritesVerified_thenNoMismatch(String blockSize, int ioDepth, String sizePerJob)
            throws Exception {
        long perJobBytes = Long.parseLong(sizePerJob.replace("M", "")) << 20;
        MemoryBlockDevice device = new MemoryBlockDevice(perJobBytes * JOBS);
        try (InProcessServer server = InProcessServer.start(new Export("fio", "", device, false))) {
            ExternalCommand.Result result = runOk(TIMEOUT, "fio",
                    "--name=verify", "--ioengine=nbd", "--uri=" + server.uri("fio"),
                    "--rw=randwrite", "--bs=" + blockSize, "--iodepth=" + ioDepth,
                    "--numjobs=" + JOBS, "--size=" + sizePerJob, "--offset_increment=" + sizePerJob,
                    "--verify=crc32c", "--do_verify=1", "--verify_fatal=1", "--verify_dump=0", "--verify_state_save=0",
                    "--randrepeat=0", "--group_reporting", "--output-format=normal");
            String out = result.stdout();
            assertTrue(out.contains("err= 0"), out);
            assertTrue(!out.contains("verify: bad"), out);
            assertTrue(device.allocatedBytes() == perJobBytes * JOBS, "allocated " + device.allocatedBytes());
        }
    }

    @ParameterizedTest(name = "file bs={0} iodepth={1}")
    @CsvSource({"4k,32,4M", "1M,32,8M"})
    void givenFileExportAndFourConnections_whenRandomWritesVerified_thenNoMismatch(String blockSize, int ioDepth,
            String sizePerJob) throws Exception {
        long perJobBytes = Long.parseLong(sizePerJob.replace("M", "")) << 20;
        Path image = dir.resolve("disk.img");
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
            raf.setLength(perJobBytes * JOBS);
        }
        try (FileBlockDevice device = FileBlockDevice.open(image, false);
                InProcessServer server = InProcessServer.start(new Export("fio", "", device, false))) {
            ExternalCommand.Result result = runOk(TIMEOUT, "fio",
                    "--name=verify", "--ioengine=nbd", "--uri=" + server.uri("fio"),
                    "--rw=randwrite", "--bs=" + blockSize, "--iodepth=" + ioDepth,
                    "--numjobs=" + JOBS, "--size=" + sizePerJob, "--offset_increment=" + sizePerJob,
                    "--verify=crc32c", "--do_verify=1", "--verify_fatal=1", "--verify_dump=0", "--verify_state_save=0",
                    "--randrepeat=0", "--group_reporting", "--output-format=normal");
            assertTrue(result.stdout().contains("err= 0"), result.stdout());
        }
        // Every block was written with fio's verify header: no 4 KiB block of the file may still be all zeroes.
        byte[] block = new byte[4096];
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "r")) {
            for (long offset = 0; offset < perJobBytes * JOBS; offset += block.length) {
                raf.seek(offset);
                raf.readFully(block);
                assertTrue(!java.util.Arrays.equals(block, new byte[block.length]), "unwritten block at " + offset);
            }
        }
    }
}
