package org.lunbridge.nbd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.it.ExternalCommand.awaitCondition;
import static org.lunbridge.nbd.it.ExternalCommand.run;
import static org.lunbridge.nbd.it.ExternalCommand.runOk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.nbd.backend.MemoryBlockDevice;
import org.lunbridge.nbd.server.Export;

/**
 * A real file system through our server: nbdfuse exposes the export as a file, the kernel loop-mounts it as ext4.
 * mkfs, copy a tree, unmount, reconnect (new NBD connection), {@code e2fsck -fn} must be clean, remount, compare.
 * Needs root, /dev/fuse and loop devices (as scripts/test provides).
 */
class Ext4OverNbdfuseIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();
    private final List<Process> fuses = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Path mount : mounts.reversed()) {
            run(TIMEOUT, "umount", mount.toString());
        }
        for (Process fuse : fuses) {
            if (fuse.isAlive()) {
                // Lazy unmount first: a killed nbdfuse would leave a dead mount that breaks @TempDir cleanup.
                run(TIMEOUT, "fusermount3", "-u", "-z", dir.resolve("fuse").toString());
                fuse.destroy();
                fuse.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void givenExt4OnMemoryExport_whenTreeCopiedAndRemounted_thenFsckCleanAndFilesIdentical() throws Exception {
        Path tree = makeTree(dir.resolve("tree"), 300);
        Map<String, String> expected = checksums(tree);

        MemoryBlockDevice device = new MemoryBlockDevice(256L << 20);
        try (InProcessServer server = InProcessServer.start(new Export("ext4", "", device, false))) {
            Path fuse = Files.createDirectory(dir.resolve("fuse"));
            Path mount = Files.createDirectory(dir.resolve("mnt"));

            Process first = nbdfuse(fuse, server.uri("ext4"), "nbdfuse-1.log");
            runOk(TIMEOUT, "mkfs.ext4", "-q", "-F", "-E", "nodiscard", fuse.resolve("nbd").toString());
            mount(fuse, mount);
            runOk(TIMEOUT, "cp", "-a", tree.toString(), mount.resolve("copy").toString());
            runOk(TIMEOUT, "sync", "-f", mount.toString());
            unmount(mount);
            stopFuse(fuse, first);

            Process second = nbdfuse(fuse, server.uri("ext4"), "nbdfuse-2.log");
            ExternalCommand.Result fsck = run(TIMEOUT, "e2fsck", "-fn", fuse.resolve("nbd").toString());
            assertEquals(0, fsck.exitCode(), fsck.stdout() + fsck.stderr());
            mount(fuse, mount);
            assertEquals(expected, checksums(mount.resolve("copy")));
            unmount(mount);
            stopFuse(fuse, second);
        }
        assertTrue(device.allocatedBytes() < (256L << 20), "ext4 left most of the disk unwritten");
    }

    private Process nbdfuse(Path fuse, String uri, String logName) {
        Process process = ExternalCommand.start(dir.resolve(logName), "nbdfuse", fuse.toString(), uri);
        fuses.add(process);
        awaitCondition(Duration.ofSeconds(15), "nbdfuse to expose " + fuse.resolve("nbd"),
                () -> !process.isAlive() || Files.exists(fuse.resolve("nbd")));
        assertTrue(process.isAlive(), () -> "nbdfuse exited: " + readQuietly(dir.resolve(logName)));
        return process;
    }

    private void stopFuse(Path fuse, Process process) throws InterruptedException {
        runOk(TIMEOUT, "fusermount3", "-u", fuse.toString());
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "nbdfuse did not exit after fusermount3 -u");
        fuses.remove(process);
    }

    private void mount(Path fuse, Path mount) {
        runOk(TIMEOUT, "mount", "-t", "ext4", "-o", "loop", fuse.resolve("nbd").toString(), mount.toString());
        mounts.add(mount);
    }

    private void unmount(Path mount) {
        runOk(TIMEOUT, "umount", mount.toString());
        mounts.remove(mount);
    }

    /** {@code count} files of 0..96 KiB (some empty, some sparse-friendly zeroes) in nested directories. */
    private static Path makeTree(Path root, int count) throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            Path directory = root.resolve("d" + (i % 7)).resolve("e" + (i % 3));
            Files.createDirectories(directory);
            byte[] content = new byte[i % 50 == 0 ? 0 : random.nextInt(96 << 10)];
            if (i % 5 != 0) {
                random.nextBytes(content);
            }
            Files.write(directory.resolve("f" + i + ".bin"), content);
        }
        Files.createSymbolicLink(root.resolve("link"), Path.of("d0/e0"));
        return root;
    }

    private static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = root.relativize(file).toString();
                if (Files.isSymbolicLink(file)) {
                    sums.put(name, "-> " + Files.readSymbolicLink(file));
                } else if (Files.isRegularFile(file)) {
                    sums.put(name, NbdcopyIT.sha256(file));
                }
            }
        }
        assertTrue(sums.size() > 300, "tree has " + sums.size() + " entries");
        return sums;
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
