package org.lunbridge.iscsi.login;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private tgtd (tgt 1.0.85) on 127.0.0.1 for integration tests: its own iSCSI port and control port, targets
 * created with tgtadm, killed on close. Fails loudly when tgtd/tgtadm are missing.
 */
final class TgtdFixture implements AutoCloseable {

    final int port;
    private final int controlPort;
    private final Process tgtd;
    private final Path dir;

    TgtdFixture(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        requireTool("tgtd");
        requireTool("tgtadm");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int cp;
        do {
            cp = ThreadLocalRandom.current().nextInt(10000, 32000);
        } while (new File("/var/run/tgtd/socket." + cp).exists());
        controlPort = cp;
        tgtd = new ProcessBuilder("tgtd", "-f", "--iscsi", "portal=127.0.0.1:" + port, "-C",
                Integer.toString(controlPort))
                .redirectErrorStream(true).redirectOutput(dir.resolve("tgtd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!tgtadmQuiet("--mode", "target", "--op", "show")) {
            if (!tgtd.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("tgtd did not start: " + Files.readString(dir.resolve("tgtd.log")));
            }
            Thread.onSpinWait();
            tgtd.waitFor(20, TimeUnit.MILLISECONDS);   // bounded poll of a condition we cannot be told about
        }
    }

    private static void requireTool(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
            if (new File(d, tool).canExecute()) {
                return;
            }
        }
        for (String d : new String[] {"/usr/sbin", "/sbin"}) {
            if (new File(d, tool).canExecute()) {
                return;
            }
        }
        throw new IllegalStateException(tool + " not found: install tgt (apt-get install -y tgt)");
    }

    void addTarget(int tid, String iqn) throws IOException, InterruptedException {
        Path disk = dir.resolve("disk" + tid + ".img");
        try (var f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(4L << 20);
        }
        tgtadm("--lld", "iscsi", "--mode", "target", "--op", "new", "--tid", Integer.toString(tid),
                "--targetname", iqn);
        tgtadm("--lld", "iscsi", "--mode", "logicalunit", "--op", "new", "--tid", Integer.toString(tid),
                "--lun", "1", "--backing-store", disk.toString());
        tgtadm("--lld", "iscsi", "--mode", "target", "--op", "bind", "--tid", Integer.toString(tid),
                "--initiator-address", "ALL");
    }

    /** Requires CHAP user/password from initiators of {@code tid}; with {@code outgoing}, the target's own. */
    void addAccount(int tid, String user, String password, boolean outgoing) throws IOException, InterruptedException {
        tgtadm("--lld", "iscsi", "--mode", "account", "--op", "new", "--user", user, "--password", password);
        List<String> bind = new ArrayList<>(List.of("--lld", "iscsi", "--mode", "account", "--op", "bind",
                "--tid", Integer.toString(tid), "--user", user));
        if (outgoing) {
            bind.add("--outgoing");
        }
        tgtadm(bind.toArray(String[]::new));
    }

    private void tgtadm(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(controlPort)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private boolean tgtadmQuiet(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(controlPort)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Override
    public void close() {
        tgtd.destroy();
        try {
            if (!tgtd.waitFor(5, TimeUnit.SECONDS)) {
                tgtd.destroyForcibly();
                tgtd.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            tgtd.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        new File("/var/run/tgtd/socket." + controlPort).delete();
        new File("/var/run/tgtd/socket." + controlPort + ".lock").delete();
    }
}
