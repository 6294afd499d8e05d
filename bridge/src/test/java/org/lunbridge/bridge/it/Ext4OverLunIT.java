package org.lunbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;

/**
 * ext4 on an iSCSI LUN (512-byte blocks: nbdfuse passes the kernel's 512-byte I/O through unaligned) through
 * lunbridge: nbdfuse exposes the export as a file, the kernel loop-mounts it. mkfs,
 * copy ~2000 small files, unmount; {@code e2fsck -fn} is clean both through NBD and on tgtd's backing file (the
 * data is on the target, not in a cache of ours), remount, checksums equal. Needs root, /dev/fuse and loop devices.
 */
@ExtendWith(TgtdLogOnFailure.class)
class Ext4OverLunIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String IQN = "iqn.2026-01.org.lunbridge:ext4-it";

    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();
    private final List<Process> fuses = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Path mount : mounts.reversed()) {
            Tools.run(TIMEOUT, "umount", mount.toString());
        }
        for (Process fuse : fuses) {
            fuse.destroy();
            fuse.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenExt4OnLun_whenTreeCopiedAndRemounted_thenFsckCleanOnTargetAndFilesIdentical() throws Exception {
        Path tree = makeTree(dir.resolve("tree"), 2000);
        Map<String, String> expected = checksums(tree);
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.allowAll().lun(LunSpec.of(1, 256L << 20).asThin()))
                .start()) {
            Path fuse = Files.createDirectory(dir.resolve("fuse"));
            Path mount = Files.createDirectory(dir.resolve("mnt"));
            try (Bridge bridge = Bridge.serve("ext4", tgtd.iscsiUrl(IQN, 1))) {
                Process first = nbdfuse(fuse, bridge.uri("ext4"), "nbdfuse-1.log");
                Tools.runOk(TIMEOUT, "mkfs.ext4", "-q", "-F", "-b", "4096", fuse.resolve("nbd").toString());
                mount(fuse, mount);
                Tools.runOk(TIMEOUT, "cp", "-a", tree.toString(), mount.resolve("copy").toString());
                unmount(mount);
                stopFuse(fuse, first);
                assertTrue(bridge.device("ext4").stats().synchronizeCaches() > 0, "unmount flushed");

                Process second = nbdfuse(fuse, bridge.uri("ext4"), "nbdfuse-2.log");
                Tools.Result fsck = Tools.run(TIMEOUT, "e2fsck", "-fn", fuse.resolve("nbd").toString());
                assertEquals(0, fsck.exitCode(), fsck.output());
                mount(fuse, mount);
                assertEquals(expected, checksums(mount.resolve("copy")));
                unmount(mount);
                stopFuse(fuse, second);
            }
            // tgtd (bstype rdwr) writes the backing file with pwrite and syncs it on SYNCHRONIZE CACHE.
            Tools.Result onTarget = Tools.run(TIMEOUT, "e2fsck", "-fn", tgtd.backingFile(IQN, 1).toString());
            assertEquals(0, onTarget.exitCode(), onTarget.output());
        }
    }

    private Process nbdfuse(Path fuse, String uri, String logName) {
        Process process = Tools.start(dir.resolve(logName), "nbdfuse", fuse.toString(), uri);
        fuses.add(process);
        Tools.await(Duration.ofSeconds(15), "nbdfuse to expose " + fuse.resolve("nbd"),
                () -> !process.isAlive() || Files.exists(fuse.resolve("nbd")));
        assertTrue(process.isAlive(), "nbdfuse exited");
        return process;
    }

    private void stopFuse(Path fuse, Process process) throws InterruptedException {
        Tools.runOk(TIMEOUT, "fusermount3", "-u", fuse.toString());
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "nbdfuse did not exit after fusermount3 -u");
        fuses.remove(process);
    }

    private void mount(Path fuse, Path mount) {
        Tools.runOk(TIMEOUT, "mount", "-t", "ext4", "-o", "loop", fuse.resolve("nbd").toString(), mount.toString());
        mounts.add(mount);
    }

    private void unmount(Path mount) {
        Tools.runOk(TIMEOUT, "umount", mount.toString());
        mounts.remove(mount);
    }

    /** {@code count} files of 0..8 KiB in 40 directories, some empty, some all zeroes. */
    private static Path makeTree(Path root, int count) throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            Path directory = root.resolve("d" + (i % 8)).resolve("e" + (i % 5));
            Files.createDirectories(directory);
            byte[] content = new byte[i % 97 == 0 ? 0 : random.nextInt(8 << 10)];
            if (i % 7 != 0) {
                random.nextBytes(content);
            }
            Files.write(directory.resolve("f" + i + ".bin"), content);
        }
        return root;
    }

    private static Map<String, String> checksums(Path root) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    try (InputStream in = Files.newInputStream(file)) {
                        sha.update(in.readAllBytes());
                    }
                    sums.put(root.relativize(file).toString(), HexFormat.of().formatHex(sha.digest()));
                }
            }
        }
        assertEquals(2000, sums.size());
        return sums;
    }
}
