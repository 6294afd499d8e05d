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
import org.lunbridge.bridge.export.IscsiBackends;
import org.lunbridge.bridge.export.LunBlockDevice;
import org.lunbridge.bridge.recovery.RecoveryConfig;
import org.lunbridge.bridge.recovery.RecoveryStats;
import org.lunbridge.bridge.recovery.SlotState;

/**
 * ext4 (nbdfuse + loop, mounted {@code sync} so writes are in flight all the time) survives tgtd being killed with
 * commands outstanding and restarted, and tgtd dropping every connection, in the middle of a copy: the copy
 * succeeds, {@code e2fsck -fn} is clean through NBD and on the target's backing file, and every file is intact.
 */
@ExtendWith(TgtdLogOnFailure.class)
class Ext4RecoveryIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String IQN = "iqn.2026-01.org.lunbridge:ext4-recovery-it";
    private static final int FILES = 600;
    static final RecoveryConfig FAST = RecoveryConfig.defaults().withCommandTimeoutMillis(3_000)
            .withAbortTimeoutMillis(1_000).withLunResetTimeoutMillis(1_000).withReplacementTimeoutMillis(60_000)
            .withReconnectMillis(200, 1_000);

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
    void givenCopyOntoExt4_whenTgtdKilledAndConnectionsDeleted_thenCopySucceedsFsckCleanFilesIntact()
            throws Exception {
        Path tree = makeTree(dir.resolve("tree"), FILES);
        Map<String, String> expected = checksums(tree);
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(IQN, t -> t.allowAll().lun(LunSpec.of(1, 128L << 20))).start()) {
            Path fuse = Files.createDirectory(dir.resolve("fuse"));
            Path mount = Files.createDirectory(dir.resolve("mnt"));
            try (Bridge bridge = Bridge.serve(IscsiBackends.defaults().withRecovery(FAST),
                    Map.of("ext4", tgtd.iscsiUrl(IQN, 1)), false)) {
                LunBlockDevice d = bridge.device("ext4");
                Process first = nbdfuse(fuse, bridge.uri("ext4"), "nbdfuse-1.log");
                Tools.runOk(TIMEOUT, "mkfs.ext4", "-q", "-F", "-b", "4096", fuse.resolve("nbd").toString());
                Tools.runOk(TIMEOUT, "mount", "-t", "ext4", "-o", "loop,sync", fuse.resolve("nbd").toString(),
                        mount.toString());
                mounts.add(mount);
                Process cp = Tools.start(dir.resolve("cp.log"), "cp", "-a", tree.toString(),
                        mount.resolve("copy").toString());

                long w0 = d.stats().writes();
                Tools.await(TIMEOUT, "copy writing", () -> d.stats().writes() > w0 + 100);
                tgtd.pause();
                Tools.await(Duration.ofSeconds(10), "commands outstanding", () -> inFlight(d) > 0
                        || !cp.isAlive());
                tgtd.kill9();
                Thread.sleep(3_000); // the outage
                tgtd.restart();
                awaitAllUp(d);

                long w1 = d.stats().writes();
                Tools.await(TIMEOUT, "copy writing again", () -> d.stats().writes() > w1 + 100 || !cp.isAlive());
                assertTrue(cp.isAlive(), "the copy should still be running when connections are deleted");
                assertTrue(tgtd.deleteConnections(tgtd.tid(IQN)) > 0);

                assertTrue(cp.waitFor(120, TimeUnit.SECONDS), "cp finished");
                assertEquals(0, cp.exitValue(), Files.readString(dir.resolve("cp.log")));
                Tools.runOk(TIMEOUT, "umount", mount.toString());
                mounts.remove(mount);
                stopFuse(fuse, first);

                Process second = nbdfuse(fuse, bridge.uri("ext4"), "nbdfuse-2.log");
                Tools.Result fsck = Tools.run(TIMEOUT, "e2fsck", "-fn", fuse.resolve("nbd").toString());
                assertEquals(0, fsck.exitCode(), fsck.output());
                Tools.runOk(TIMEOUT, "mount", "-t", "ext4", "-o", "loop", fuse.resolve("nbd").toString(),
                        mount.toString());
                mounts.add(mount);
                assertEquals(expected, checksums(mount.resolve("copy")));
                Tools.runOk(TIMEOUT, "umount", mount.toString());
                mounts.remove(mount);
                stopFuse(fuse, second);

                RecoveryStats.Snapshot s = d.recovery().stats();
                assertTrue(s.get("reinstatements") >= 2, s.format(""));
                assertTrue(s.get("replays") >= 1, s.format(""));
            }
            Tools.Result onTarget = Tools.run(TIMEOUT, "e2fsck", "-fn", tgtd.backingFile(IQN, 1).toString());
            assertEquals(0, onTarget.exitCode(), onTarget.output());
        }
    }

    private static int inFlight(LunBlockDevice d) {
        int n = 0;
        for (int s = 0; s < d.pool().sessions(); s++) {
            n += d.pool().inFlight(s);
        }
        return n;
    }

    private static void awaitAllUp(LunBlockDevice d) {
        Tools.await(Duration.ofSeconds(30), "all sessions reinstated", () -> {
            for (int s = 0; s < d.pool().sessions(); s++) {
                if (d.recovery().slotState(s) != SlotState.UP) {
                    return false;
                }
            }
            return true;
        });
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

    /** {@code count} files of 0..16 KiB in 40 directories. */
    private static Path makeTree(Path root, int count) throws IOException {
        Random random = new Random(4242);
        for (int i = 0; i < count; i++) {
            Path directory = root.resolve("d" + (i % 8)).resolve("e" + (i % 5));
            Files.createDirectories(directory);
            byte[] content = new byte[random.nextInt(16 << 10)];
            random.nextBytes(content);
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
        assertEquals(FILES, sums.size());
        return sums;
    }
}
