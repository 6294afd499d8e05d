package org.lunbridge.bridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lunbridge.bridge.metrics.ControlSocket;
import org.lunbridge.bridge.metrics.StatsReport;
import org.lunbridge.nbd.backend.BackendRegistry;
import org.lunbridge.nbd.backend.InvalidBackendSpecException;
import org.lunbridge.nbd.server.Export;
import org.lunbridge.nbd.server.NbdServer;
import org.lunbridge.nbd.server.NbdServerConfig;
import org.lunbridge.nbd.spi.BlockDevice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lunbridge serve}: opens the backends, starts an {@link NbdServer}, prints one "serving" line on stdout when
 * clients may connect, and on SIGTERM/SIGINT closes the server gracefully (in-flight requests finish, devices are
 * flushed) and exits 0.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Serves block devices over NBD until SIGTERM or SIGINT.",
                "Backends: iscsi://host[:port]/IQN/LUN, file:///path/disk.img, memory:SIZE (SIZE in bytes or "
                        + "K/M/G/T)."},
        footer = {"", "Examples:",
                "  lunbridge serve iscsi://192.0.2.10/iqn.2001-04.com.example:storage/1",
                "  lunbridge serve --portal iscsi://192.0.2.10 --chap-user alice --chap-secret-file /etc/alice.secret",
                "  lunbridge serve --config /etc/lunbridge/serve.conf",
                "  lunbridge serve file:///srv/disk.img",
                "  lunbridge serve --listen [::1]:10809 --export a=file:///a.img --export tmp=memory:1G",
                "  lunbridge serve --unix /run/lunbridge.sock --read-only file:///srv/disk.img"})
public final class ServeCommand implements Callable<Integer> {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.cli");

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "TCP address to listen on (default: 127.0.0.1:10809; [::1]:PORT for IPv6; port 0 picks one).")
    String listen;

    @Option(names = "--unix", paramLabel = "PATH", description = "Listen on a Unix domain socket instead of TCP.")
    Path unixSocket;

    @Option(names = "--export", paramLabel = "NAME=BACKEND",
            description = "An export; repeatable. The first one is also the default export (\"\").")
    List<String> exportOptions = new ArrayList<>();

    @Parameters(arity = "0..1", paramLabel = "BACKEND",
            description = "Serve this backend as the default export \"\" (may be combined with --export).")
    String defaultBackend;

    @Option(names = "--default-export", paramLabel = "NAME",
            description = "Export served to clients that ask for the empty name (default: the first export).")
    String defaultExportName;

    @Option(names = "--read-only", description = "Refuse writes, trims and write-zeroes on every export.")
    boolean readOnly;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "error, warning, info or debug (default: info); logs go to stderr.")
    String logLevel;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read options from FILE (key = value lines, see docs); the command line wins.")
    Path configFile;

    @Mixin
    IscsiOptions iscsi = new IscsiOptions();

    @Mixin
    RecoveryOptions recovery = new RecoveryOptions();

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "Unix socket (mode 0600) where 'lunbridge stats' reads the counters.")
    Path controlSocket;

    /** Where backend schemes come from; {@link #call()} adds iscsi:/iser: with the iSCSI options. */
    BackendRegistry backends = BackendRegistry.withDefaults();

    /** Waits for SIGTERM/SIGINT; tests replace it. */
    ShutdownSignal shutdownSignal = ShutdownSignal.forProcess();

    /** The validated command line: what to listen on and what to export, before anything is opened. */
    record Plan(SocketAddress listenAddress, Map<String, String> backendsByName, String defaultExportName,
                List<String> portals) {}

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        LogLevels.configure(LogLevels.parse(logLevel));
        shutdownSignal.arm();
        try {
            iscsi.backends().withRecovery(recovery.config()).registerIn(backends);
        } catch (IOException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        plan = withDiscoveredExports(plan);
        List<BlockDevice> devices = new ArrayList<>();
        try {
            List<Export> exports = openExports(plan, devices);
            NbdServerConfig config = new NbdServerConfig(plan.listenAddress(), exports, plan.defaultExportName(),
                    NbdServerConfig.DEFAULT_MAX_PAYLOAD_BYTES, NbdServerConfig.DEFAULT_MAX_REQUESTS_IN_FLIGHT);
            NbdServer server = start(config);
            ControlSocket control = startControl(exports);
            AtomicBoolean closed = new AtomicBoolean();
            Runnable stop = () -> {
                if (closed.compareAndSet(false, true)) {
                    if (control != null) {
                        control.close();
                    }
                    server.close();
                }
            };
            // Other signals (SIGHUP...) end the JVM through its shutdown sequence: still close gracefully.
            Thread hook = new Thread(stop, "lunbridge-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                PrintWriter out = spec.commandLine().getOut();
                out.println(readyLine(plan, server.localAddress()));
                out.flush();
                shutdownSignal.await();
                LOG.log(System.Logger.Level.INFO, "stopping: finishing in-flight requests and flushing");
            } finally {
                stop.run();
                server.awaitTermination();
                removeHook(hook);
                if (plan.listenAddress() instanceof UnixDomainSocketAddress unix) {
                    Files.deleteIfExists(unix.getPath());
                }
            }
        } finally {
            closeAll(devices);
        }
        return 0;
    }

    /** Checks the options and parses addresses and names; throws picocli's usage error (exit 2) on bad input. */
    Plan plan() {
        if (configFile != null) {
            applyConfig();
        }
        if (logLevel == null) {
            logLevel = "info";
        }
        try {
            iscsi.validate();
            recovery.config();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        SocketAddress address;
        if (unixSocket != null) {
            if (listen != null) {
                throw usage("--listen and --unix are mutually exclusive");
            }
            address = UnixDomainSocketAddress.of(unixSocket.toAbsolutePath());
        } else {
            try {
                address = ListenAddresses.parse(listen == null ? "127.0.0.1:" + ListenAddresses.NBD_PORT : listen);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        try {
            LogLevels.parse(logLevel);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Map<String, String> byName = new LinkedHashMap<>();
        if (defaultBackend != null) {
            byName.put("", defaultBackend);
        }
        for (String option : exportOptions) {
            int equals = option.indexOf('=');
            if (equals < 0) {
                throw usage("--export '" + option + "': expected NAME=BACKEND, e.g. disk0=file:///srv/disk.img");
            }
            String name = option.substring(0, equals);
            if (byName.putIfAbsent(name, option.substring(equals + 1)) != null) {
                throw usage("--export '" + option + "': export name '" + name + "' given twice");
            }
        }
        if (byName.isEmpty() && iscsi.portals.isEmpty()) {
            throw usage("nothing to serve: give a BACKEND (e.g. iscsi://host/IQN/1), --export NAME=BACKEND or "
                    + "--portal iscsi://host");
        }
        String defaultName = defaultExportName != null ? defaultExportName
                : byName.isEmpty() ? null : byName.keySet().iterator().next();
        if (defaultName != null && !byName.containsKey(defaultName) && iscsi.portals.isEmpty()) {
            throw usage("--default-export '" + defaultName + "': no such export (have: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        return new Plan(address, byName, defaultName, List.copyOf(iscsi.portals));
    }

    /** Options missing from the command line come from --config. */
    private void applyConfig() {
        ConfigFile file;
        try {
            file = ConfigFile.read(configFile);
            if (listen == null && unixSocket == null) {
                listen = file.get("listen").orElse(null);
                unixSocket = file.get("unix").map(Path::of).orElse(null);
            }
            if (defaultBackend == null) {
                defaultBackend = file.get("backend").orElse(null);
            }
            if (exportOptions.isEmpty()) {
                exportOptions = new ArrayList<>(file.all("export"));
            }
            defaultExportName = defaultExportName != null ? defaultExportName
                    : file.get("default-export").orElse(null);
            readOnly = readOnly || file.flag("read-only").orElse(false);
            logLevel = logLevel != null ? logLevel : file.get("log-level").orElse(null);
            iscsi.applyDefaults(file);
            recovery.applyDefaults(file);
            controlSocket = controlSocket != null ? controlSocket : file.get("control-socket").map(Path::of)
                    .orElse(null);
        } catch (IOException e) {
            throw usage("--config " + configFile + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Adds an export IQN/LUN for every disk LUN behind each --portal; the default export stays the first. */
    private Plan withDiscoveredExports(Plan plan) {
        if (plan.portals().isEmpty()) {
            return plan;
        }
        Map<String, String> byName = new LinkedHashMap<>(plan.backendsByName());
        for (String portal : plan.portals()) {
            Map<String, String> found;
            try {
                found = PortalExports.discover(iscsi, portal);
            } catch (IOException | IllegalArgumentException e) {
                throw new CliFailure("cannot discover " + portal + ": " + e.getMessage(), e);
            }
            for (Map.Entry<String, String> e : found.entrySet()) {
                if (byName.putIfAbsent(e.getKey(), e.getValue()) != null) {
                    throw new CliFailure("export name '" + e.getKey() + "' given twice (--portal " + portal
                            + ")", null);
                }
            }
        }
        if (byName.isEmpty()) {
            throw new CliFailure("nothing to serve: no disk LUNs found at " + String.join(", ", plan.portals()),
                    null);
        }
        String defaultName = plan.defaultExportName() != null ? plan.defaultExportName()
                : byName.keySet().iterator().next();
        if (!byName.containsKey(defaultName)) {
            throw new CliFailure("--default-export '" + defaultName + "': no such export (have: "
                    + String.join(", ", byName.keySet()) + ")", null);
        }
        return new Plan(plan.listenAddress(), byName, defaultName, plan.portals());
    }

    private List<Export> openExports(Plan plan, List<BlockDevice> opened) throws IOException {
        List<Export> exports = new ArrayList<>();
        for (Map.Entry<String, String> entry : plan.backendsByName().entrySet()) {
            BlockDevice device;
            try {
                device = backends.open(entry.getValue(), readOnly);
            } catch (InvalidBackendSpecException e) {
                throw usage(e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                throw new CliFailure("cannot open export '" + entry.getKey() + "' (" + redact(entry.getValue())
                        + "): " + e.getMessage(), e);
            }
            opened.add(device);
            // A device that describes itself (an iSCSI LUN: vendor, product, serial) is listed that way.
            String description = device.description().isEmpty() ? redact(entry.getValue()) : "";
            exports.add(new Export(entry.getKey(), description, device, readOnly));
        }
        return exports;
    }

    private ControlSocket startControl(List<Export> exports) {
        if (controlSocket == null) {
            return null;
        }
        Map<String, BlockDevice> byName = new LinkedHashMap<>();
        exports.forEach(e -> byName.put(e.name(), e.device()));
        try {
            return ControlSocket.start(controlSocket, () -> StatsReport.of(byName));
        } catch (IOException e) {
            throw new CliFailure("cannot create control socket " + controlSocket + ": " + e.getMessage(), e);
        }
    }

    /** A backend text without a URL secret ({@code iscsi://user%secret@host/...}): never print or advertise it. */
    static String redact(String backend) {
        return backend.replaceAll("(//[^/@%]*)%[^/@]*@", "$1%***@");
    }

    private static NbdServer start(NbdServerConfig config) {
        String where = ListenAddresses.describe(config.listenAddress());
        try {
            return NbdServer.start(config);
        } catch (IOException e) {
            // The server wraps the bind error; the user wants the operating system's words ("Address already in use").
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String reason = root.getMessage() != null ? root.getMessage() : root.toString();
            throw new CliFailure("cannot listen on " + where + ": " + reason, e);
        }
    }

    static String readyLine(Plan plan, SocketAddress bound) {
        int count = plan.backendsByName().size();
        return "lunbridge: serving " + count + (count == 1 ? " export" : " exports") + " on "
                + ListenAddresses.uriOf(bound) + " (default: \"" + plan.defaultExportName() + "\")";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook; stop is idempotent.
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static void closeAll(List<BlockDevice> devices) throws IOException {
        IOException first = null;
        for (BlockDevice device : devices) {
            try {
                device.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A runtime failure reported as one line and exit code 1 (not a usage error). */
    static final class CliFailure extends RuntimeException {
        CliFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Used by picocli to print our failures without a stack trace. */
    static CommandLine.IExecutionExceptionHandler failureHandler() {
        return (e, commandLine, parseResult) -> {
            commandLine.getErr().println("lunbridge: " + (e instanceof CliFailure ? e.getMessage() : e.toString()));
            if (!(e instanceof CliFailure)) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        };
    }
}
