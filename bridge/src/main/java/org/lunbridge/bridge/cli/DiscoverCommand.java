package org.lunbridge.bridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lunbridge.iscsi.client.ClientConfig;
import org.lunbridge.iscsi.client.Discovery;
import org.lunbridge.iscsi.client.IscsiUrl;
import org.lunbridge.iscsi.login.TargetAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lunbridge discover iscsi://host[:port]}: targets, portals and LUNs of an iSCSI portal. */
@Command(name = "discover", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Lists the targets of an iSCSI portal (SendTargets) with their portals and LUNs: size, "
                + "block size, vendor/product, thin provisioning and write protection.")
final class DiscoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "iscsi://[user[%%secret]@]host[:port]")
    String url;

    @Option(names = "--chap-user", paramLabel = "USER", description = "CHAP user name (one-way CHAP)")
    String chapUser;

    @Option(names = "--chap-secret-file", paramLabel = "FILE",
            description = "file whose first line is the CHAP secret")
    Path chapSecretFile;

    @Option(names = "--chap-secret-env", paramLabel = "VAR",
            description = "environment variable holding the CHAP secret")
    String chapSecretEnv;

    @Option(names = "--initiator-name", paramLabel = "IQN", description = "our initiator name (default: "
            + ClientConfig.DEFAULT_INITIATOR_NAME + ")")
    String initiatorName;

    @Option(names = {"-v", "--verbose"}, description = "log session life cycle (INFO) to stderr")
    boolean verbose;

    @Override
    public Integer call() {
        if (!verbose) {
            // A one-shot listing: keep stderr for errors only.
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            IscsiUrl portal = IscsiUrl.parse(url);
            if (chapUser != null) {
                portal = portal.withUser(chapUser);
            }
            if (chapSecretFile != null) {
                portal = portal.withSecretFromFile(chapSecretFile);
            } else if (chapSecretEnv != null) {
                portal = portal.withSecretFromEnvironment(chapSecretEnv);
            }
            ClientConfig config = ClientConfig.defaults();
            if (initiatorName != null) {
                config = config.withInitiatorName(initiatorName);
            }
            List<Discovery.TargetSummary> targets = new Discovery(config).describe(portal);
            if (targets.isEmpty()) {
                out.println("No targets at " + portal.host() + ":" + portal.port());
            }
            for (Discovery.TargetSummary t : targets) {
                print(out, t);
            }
            out.flush();
            return targets.stream().anyMatch(t -> t.error().isPresent()) ? 1 : 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("lunbridge discover: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    static void print(PrintWriter out, Discovery.TargetSummary t) {
        out.println("Target: " + t.targetName());
        for (TargetAddress p : t.portals()) {
            out.println("  Portal: " + p);
        }
        t.error().ifPresent(e -> out.println("  Error: " + e));
        for (Discovery.LunSummary l : t.luns()) {
            if (l.peripheralDeviceType() != 0) {
                out.printf(Locale.ROOT, "  LUN %d: %s %s (device type 0x%02x, not a disk)%n", l.lun(),
                        l.vendor().strip(), l.product().strip(), l.peripheralDeviceType());
                continue;
            }
            out.printf(Locale.ROOT, "  LUN %d: %s (%d bytes), block size %d, %s %s %s, thin-provisioned: %s, "
                            + "write-protected: %s%n", l.lun(), human(l.sizeBytes()), l.sizeBytes(),
                    l.blockLengthBytes(), l.vendor().strip(), l.product().strip(), l.revision().strip(),
                    l.thinProvisioned() ? "yes" : "no", l.writeProtected() ? "yes" : "no");
        }
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
