package org.lunbridge.iscsi.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real tgtd (tgt 1.0.85) on 127.0.0.1 for integration tests: its own portal port and control port, targets
 * with file-backed LUNs, ACLs, CHAP accounts and login keys configured through tgtadm, and fault controls
 * (drop connections, SIGKILL, restart, SIGSTOP/SIGCONT) for recovery tests.
 *
 * <p>Isolation: tgtd's management channel is the unix socket {@code /var/run/tgtd/socket.<C>} guarded by a
 * {@code lockf} on {@code socket.<C>.lock}, where C is {@code -C} (0..32767); a second tgtd with the same C exits
 * with "another tgtd is using". We pick a random C not used by this JVM and retry on collision. A portal
 * that fails to bind does <em>not</em> stop tgtd, so readiness means: tgtadm answers through our C, lists our
 * portal, and the port accepts a TCP connection.
 *
 * <p>{@link #close()} SIGKILLs tgtd (it may ignore SIGTERM while busy) and deletes the backing files; a JVM
 * shutdown hook closes whatever a crashed test left running.
 */
public final class TgtdTarget implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration TGTADM_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 5;
    private static final Path CONTROL_DIR = Path.of("/var/run/tgtd");
    private static final Set<TgtdTarget> LIVE = ConcurrentHashMap.newKeySet();
    /** Recently started harnesses (bounded), so {@link TgtdLogOnFailure} can print their logs after close. */
    private static final java.util.Deque<TgtdTarget> RECENT = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int RECENT_LIMIT = 16;
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(TgtdTarget::close),
                "tgtd-harness-cleanup"));
    }

    private final List<TargetSpec> targets;
    private final Path directory;
    private final Path logFile;
    private final Map<String, Path> backingFiles = new LinkedHashMap<>();
    private int port;
    private int controlPort;
    private volatile Process process;
    private final long sequence = SEQUENCE.incrementAndGet();
    /** The log as it was at {@link #close()}, which deletes the file. */
    private volatile String closedLog;

    private TgtdTarget(List<TargetSpec> targets, Path directory) {
        this.targets = targets;
        this.directory = directory;
        this.logFile = directory.resolve("tgtd.log");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects targets, then {@link #start()}s tgtd. Targets get tids 1, 2, ... in the order given. */
    public static final class Builder {
        private final List<TargetSpec> targets = new ArrayList<>();

        private Builder() {}

        public Builder target(String iqn, Consumer<TargetSpec> configure) {
            if (targets.stream().anyMatch(t -> t.iqn().equals(iqn))) {
                throw new IllegalArgumentException("target defined twice: " + iqn);
            }
            TargetSpec spec = new TargetSpec(iqn);
            configure.accept(spec);
            targets.add(spec);
            return this;
        }

        /** Creates the backing files, starts tgtd, configures it; on any failure nothing is left running. */
        public TgtdTarget start() throws IOException {
            TgtdTarget tgtd = new TgtdTarget(List.copyOf(targets), Files.createTempDirectory("lunbridge-tgtd-"));
            LIVE.add(tgtd);
            RECENT.addLast(tgtd);
            while (RECENT.size() > RECENT_LIMIT) {
                RECENT.pollFirst();
            }
            try {
                tgtd.createBackingFiles();
                tgtd.launchOnFreePort();
                tgtd.configure();
                return tgtd;
            } catch (IOException | RuntimeException e) {
                String log = tgtd.log();
                tgtd.close();
                throw new IOException("tgtd harness failed to start: " + e.getMessage() + "\n--- tgtd log ---\n"
                        + log, e);
            }
        }
    }

    // ---- addresses -----------------------------------------------------------------------------------------

    public int port() {
        return port;
    }

    public int controlPort() {
        return controlPort;
    }

    public InetSocketAddress portal() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** tid of a configured target (1-based, in builder order). */
    public int tid(String iqn) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).iqn().equals(iqn)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no such target: " + iqn);
    }

    public Path backingFile(String iqn, int lun) {
        Path file = backingFiles.get(key(iqn, lun));
        if (file == null) {
            throw new IllegalArgumentException("no LUN " + lun + " on " + iqn);
        }
        return file;
    }

    /** libiscsi/qemu URL {@code iscsi://127.0.0.1:PORT/IQN/LUN}. */
    public String iscsiUrl(String iqn, int lun) {
        return "iscsi://127.0.0.1:" + port + "/" + iqn + "/" + lun;
    }

    /** libiscsi/qemu URL with one-way CHAP credentials ({@code user%secret@}). */
    public String iscsiUrl(String iqn, int lun, String user, String secret) {
        return "iscsi://" + user + "%" + secret + "@127.0.0.1:" + port + "/" + iqn + "/" + lun;
    }

    // ---- tgtadm ----------------------------------------------------------------------------------------------

    /** Runs {@code tgtadm -C <ours> --lld iscsi ARGS}; does not throw on a non-zero exit. */
    public ExternalCommand.Result tgtadmResult(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(controlPort),
                "--lld", "iscsi"));
        command.addAll(List.of(args));
        return ExternalCommand.run(TGTADM_TIMEOUT, command);
    }

    /** Like {@link #tgtadmResult} but throws with tgtadm's message on failure; returns stdout. */
    public String tgtadm(String... args) throws IOException {
        return tgtadmResult(args).requireSuccess().stdout();
    }

    /** {@code --op show --mode target}: every target, LUN, account and ACL as tgtd sees them. */
    public String show() throws IOException {
        return tgtadm("--op", "show", "--mode", "target");
    }

    /** Changes a login key of a running target; it applies to later logins (tgtd does not renegotiate). */
    public void updateTargetParam(int tid, String name, String value) throws IOException {
        tgtadm("--op", "update", "--mode", "target", "--tid", Integer.toString(tid), "--name", name,
                "--value", value);
    }

    /** The target's current connections, parsed from {@code --op show --mode conn}. */
    public List<TgtdConnection> connections(int tid) throws IOException {
        return TgtadmOutput.connections(tid, tgtadm("--op", "show", "--mode", "conn", "--tid",
                Integer.toString(tid)));
    }

    /**
     * Drops every connection of target {@code tid} ({@code --op delete --mode conn}): tgtd closes the sockets
     * like a target-side failure. Returns how many were deleted.
     */
    public int deleteConnections(int tid) throws IOException {
        List<TgtdConnection> connections = connections(tid);
        for (TgtdConnection c : connections) {
            tgtadm("--op", "delete", "--mode", "conn", "--tid", Integer.toString(tid), "--sid",
                    Long.toString(c.sid()), "--cid", Integer.toString(c.cid()));
        }
        return connections.size();
    }

    // ---- faults ----------------------------------------------------------------------------------------------

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("tgtd is not running");
        }
        return p.pid();
    }

    /** SIGKILL: the target vanishes without closing anything gracefully (sockets get RST/FIN from the kernel). */
    public void kill9() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills tgtd if running, starts it again on the same port and control port, same files and configuration. */
    public void restart() throws IOException {
        kill9();
        if (!launch()) {
            throw new IOException("tgtd could not get port " + port + " / control port " + controlPort
                    + " back on restart; log " + logFile + ":\n" + log());
        }
        configure();
    }

    /** SIGSTOP: tgtd freezes; connections stay open but nothing is answered (a hung target). */
    public void pause() throws IOException {
        ExternalCommand.run(TGTADM_TIMEOUT, "kill", "-STOP", Long.toString(pid())).requireSuccess();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException {
        ExternalCommand.run(TGTADM_TIMEOUT, "kill", "-CONT", Long.toString(pid())).requireSuccess();
    }

    // ---- log and cleanup -------------------------------------------------------------------------------------

    public Path logFile() {
        return logFile;
    }

    /** tgtd's stdout+stderr so far (for assertion messages); after {@link #close()}, as it was then. */
    public String log() {
        String closed = closedLog;
        if (closed != null) {
            return closed;
        }
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** Kills tgtd and its children, removes backing files, log and our control socket files. Idempotent. */
    @Override
    public void close() {
        kill9();
        if (closedLog == null) {
            closedLog = log();
        }
        LIVE.remove(this);
        if (controlPort != 0) {
            deleteQuietly(CONTROL_DIR.resolve("socket." + controlPort));
            deleteQuietly(CONTROL_DIR.resolve("socket." + controlPort + ".lock"));
        }
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(TgtdTarget::deleteQuietly);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "tgtd[portal=127.0.0.1:" + port + ", C=" + controlPort + ", log=" + logFile + "]";
    }

    /** Sequence number of the last harness started so far (0 if none). */
    static long lastSequence() {
        return SEQUENCE.get();
    }

    /** Harnesses started after {@code sequence}, oldest first (at most the last 16). */
    static List<TgtdTarget> startedAfter(long sequence) {
        return RECENT.stream().filter(t -> t.sequence > sequence).toList();
    }

    // ---- internals -------------------------------------------------------------------------------------------

    private void createBackingFiles() throws IOException {
        for (TargetSpec target : targets) {
            for (LunSpec lun : target.luns()) {
                Path file = directory.resolve("t" + tid(target.iqn()) + "-lun" + lun.lun() + ".img");
                // Sparse: setLength allocates no blocks.
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(lun.sizeBytes());
                }
                backingFiles.put(key(target.iqn(), lun.lun()), file);
            }
        }
    }

    private void launchOnFreePort() throws IOException {
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = LocalPorts.freePort();
            controlPort = LocalPorts.freeControlPort(c -> LIVE.stream().anyMatch(t -> t.controlPort == c));
            if (launch()) {
                return;
            }
        }
        throw new IOException("no free portal/control port after " + START_ATTEMPTS + " attempts");
    }

    /** Starts tgtd on {@link #port}/{@link #controlPort}; false on a port or control-port collision. */
    private boolean launch() throws IOException {
        long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
        Process p;
        try {
            p = new ProcessBuilder("tgtd", "-f", "--iscsi", "portal=127.0.0.1:" + port, "-C",
                    Integer.toString(controlPort))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot start tgtd (is tgt 1.0.85 installed, tgtd on PATH?): " + e.getMessage(), e);
        }
        process = p;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String portal = "127.0.0.1:" + port + ",";
        while (System.nanoTime() < deadline) {
            String fullLog = log();
            String newLog = fullLog.substring((int) Math.min(logOffset, fullLog.length()));
            if (!p.isAlive() || newLog.contains("failed to create/bind to portal")) {
                kill9();
                if (newLog.contains("another tgtd is using") || newLog.contains("failed to create/bind to portal")) {
                    return false;
                }
                throw new IOException("tgtd exited with code " + p.exitValue() + ":\n" + newLog);
            }
            ExternalCommand.Result portals = tgtadmResult("--op", "show", "--mode", "portal");
            if (portals.succeeded() && portals.stdout().contains(portal) && LocalPorts.accepts(port)) {
                return true;
            }
            // No event tells us tgtd is ready: poll tgtadm at a short interval until the deadline.
            pauseMillis(20);
        }
        kill9();
        throw new IOException("tgtd not ready within " + START_TIMEOUT + " on port " + port);
    }

    private void configure() throws IOException {
        new TgtdConfigurator(this::tgtadm, this::backingFile).apply(targets);
    }

    private static void pauseMillis(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for tgtd", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort: a leftover temp file must not fail the test that is cleaning up.
        }
    }

    private static String key(String iqn, int lun) {
        return Objects.requireNonNull(iqn) + "#" + lun;
    }
}
