package org.lunbridge.iscsi.scsi;

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
 * A real tgtd on 127.0.0.1 with a private control port, for integration tests. Missing tools fail the test
 * with a clear message; {@link #close()} stops only the processes this class started.
 */
final class TgtTarget implements AutoCloseable {
    static final String IQN = "iqn.2026-01.org.lunbridge:scsi-it";

    final int port;
    final int controlPort;
    private final Process tgtd;

    private TgtTarget(int port, int controlPort, Process tgtd) {
        this.port = port;
        this.controlPort = controlPort;
        this.tgtd = tgtd;
    }

    static void requireTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new AssertionError(tool + " is not installed; this integration test needs it (apt-get install -y "
                + switch (tool) {
                    case "tgtd", "tgtadm" -> "tgt";
                    case "iscsi-inq", "iscsi-readcapacity16", "iscsi-ls" -> "libiscsi-bin";
                    default -> tool;
                } + ")");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static TgtTarget start(Path workDir) throws Exception {
        requireTool("tgtd");
        requireTool("tgtadm");
        int port = freePort();
        // tgtd -C accepts small numbers only (43337 is "out of range"); skip ones whose socket exists.
        int control;
        do {
            control = 1000 + ThreadLocalRandom.current().nextInt(20000);
        } while (Files.exists(Path.of("/var/run/tgtd/socket." + control)));
        Process tgtd = new ProcessBuilder("tgtd", "-f", "--iscsi", "portal=127.0.0.1:" + port, "-C", "" + control)
                .redirectErrorStream(true).redirectOutput(workDir.resolve("tgtd.log").toFile()).start();
        TgtTarget target = new TgtTarget(port, control, tgtd);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (target.tgtadmQuiet("--mode", "sys", "--op", "show") != 0) {
                if (!tgtd.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("tgtd did not start: "
                            + Files.readString(workDir.resolve("tgtd.log")));
                }
                Thread.sleep(50);
            }
            target.tgtadm("--lld", "iscsi", "--mode", "target", "--op", "new", "--tid", "1", "--targetname", IQN);
            target.tgtadm("--lld", "iscsi", "--mode", "target", "--op", "bind", "--tid", "1",
                    "--initiator-address", "ALL");
            return target;
        } catch (Throwable t) {
            target.close();
            throw t;
        }
    }

    void addLun(int lun, Path backingFile, int blockSize, boolean thin) throws Exception {
        tgtadm("--lld", "iscsi", "--mode", "logicalunit", "--op", "new", "--tid", "1", "--lun", "" + lun,
                "--backing-store", backingFile.toString(), "--blocksize", "" + blockSize);
        if (thin) {
            tgtadm("--lld", "iscsi", "--mode", "logicalunit", "--op", "update", "--tid", "1", "--lun", "" + lun,
                    "--params", "thin_provisioning=1");
        }
    }

    String url(int lun) {
        return "iscsi://127.0.0.1:" + port + "/" + IQN + "/" + lun;
    }

    private int tgtadmQuiet(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tgtadm", "-C", "" + controlPort));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private void tgtadm(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tgtadm", "-C", "" + controlPort));
        cmd.addAll(List.of(args));
        String out = run(cmd);
        if (!out.isEmpty()) {
            throw new AssertionError("tgtadm " + String.join(" ", args) + ": " + out);
        }
    }

    /** Runs a command to completion (10 s at most) and returns stdout+stderr; non-zero exit fails the test. */
    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        try {
            // tgtd may ignore SIGTERM while it has targets; ask it to shut down through its control socket first.
            if (tgtd.isAlive()) {
                tgtadmQuiet("--mode", "target", "--op", "delete", "--force", "--tid", "1");
                tgtadmQuiet("--mode", "system", "--op", "delete");
            }
            if (tgtd.waitFor(5, TimeUnit.SECONDS)) {
                return;
            }
            tgtd.destroy();
            if (!tgtd.waitFor(5, TimeUnit.SECONDS)) {
                tgtd.destroyForcibly();
                tgtd.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tgtd.destroyForcibly();
        }
    }
}
