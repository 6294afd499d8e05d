package org.lunbridge.bridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lunbridge.bridge.export.IscsiBackends;
import org.lunbridge.iscsi.client.ClientConfig;
import picocli.CommandLine.Option;

/**
 * The iSCSI options of {@code lunbridge serve} (a picocli mixin). Secrets only come from files: never from the
 * command line (visible in /proc) nor into logs.
 */
final class IscsiOptions {

    @Option(names = "--portal", paramLabel = "URL",
            description = "Discover an iSCSI portal (iscsi://host[:port]); every disk LUN becomes an export named "
                    + "IQN/LUN. Repeatable.")
    List<String> portals = new ArrayList<>();

    @Option(names = "--target", paramLabel = "IQN", description = "With --portal: only this target.")
    String target;

    @Option(names = "--sessions", paramLabel = "N",
            description = "iSCSI sessions per LUN (default: " + IscsiBackends.DEFAULT_SESSIONS + ").")
    Integer sessions;

    @Option(names = "--queue-depth", paramLabel = "N",
            description = "Commands outstanding per session (default: " + IscsiBackends.DEFAULT_QUEUE_DEPTH
                    + "; the target's CmdSN window may lower it).")
    Integer queueDepth;

    @Option(names = "--initiator-name", paramLabel = "IQN",
            description = "Our initiator name (default: " + ClientConfig.DEFAULT_INITIATOR_NAME + ").")
    String initiatorName;

    @Option(names = "--chap-user", paramLabel = "USER", description = "CHAP user name we log in as.")
    String chapUser;

    @Option(names = "--chap-secret-file", paramLabel = "FILE",
            description = "File whose first line is the CHAP secret.")
    Path chapSecretFile;

    @Option(names = "--mutual-user", paramLabel = "USER",
            description = "Mutual CHAP: the user name the target must answer with.")
    String mutualUser;

    @Option(names = "--mutual-secret-file", paramLabel = "FILE",
            description = "Mutual CHAP: file whose first line is the target's secret.")
    Path mutualSecretFile;

    @Option(names = "--header-digest", paramLabel = "crc32c|none", description = "Default: none.")
    String headerDigest;

    @Option(names = "--data-digest", paramLabel = "crc32c|none", description = "Default: none.")
    String dataDigest;

    /** Fills options not given on the command line from {@code file}. */
    void applyDefaults(ConfigFile file) {
        if (portals.isEmpty()) {
            portals = new ArrayList<>(file.all("portal"));
        }
        target = target != null ? target : file.get("target").orElse(null);
        sessions = sessions != null ? sessions : file.integer("sessions").orElse(null);
        queueDepth = queueDepth != null ? queueDepth : file.integer("queue-depth").orElse(null);
        initiatorName = initiatorName != null ? initiatorName : file.get("initiator-name").orElse(null);
        chapUser = chapUser != null ? chapUser : file.get("chap-user").orElse(null);
        chapSecretFile = chapSecretFile != null ? chapSecretFile : file.get("chap-secret-file").map(Path::of)
                .orElse(null);
        mutualUser = mutualUser != null ? mutualUser : file.get("mutual-user").orElse(null);
        mutualSecretFile = mutualSecretFile != null ? mutualSecretFile : file.get("mutual-secret-file")
                .map(Path::of).orElse(null);
        headerDigest = headerDigest != null ? headerDigest : file.get("header-digest").orElse(null);
        dataDigest = dataDigest != null ? dataDigest : file.get("data-digest").orElse(null);
    }

    /** Checks combinations that need no I/O; throws IllegalArgumentException with the user's words. */
    void validate() {
        digests();
        if (chapUser != null && chapSecretFile == null) {
            throw new IllegalArgumentException("--chap-user needs --chap-secret-file");
        }
        if (chapSecretFile != null && chapUser == null) {
            throw new IllegalArgumentException("--chap-secret-file needs --chap-user");
        }
        if ((mutualUser == null) != (mutualSecretFile == null)) {
            throw new IllegalArgumentException("--mutual-user and --mutual-secret-file go together");
        }
        if (mutualUser != null && chapUser == null) {
            throw new IllegalArgumentException("mutual CHAP (--mutual-user) needs one-way CHAP (--chap-user) too");
        }
        if (target != null && portals.isEmpty()) {
            throw new IllegalArgumentException("--target only applies with --portal");
        }
        if (sessions != null && (sessions < 1 || sessions > 64)) {
            throw new IllegalArgumentException("--sessions " + sessions + " (expected: 1..64)");
        }
        if (queueDepth != null && (queueDepth < 1 || queueDepth > 1024)) {
            throw new IllegalArgumentException("--queue-depth " + queueDepth + " (expected: 1..1024)");
        }
    }

    /**
     * The session layer negotiates one digest policy for header and data alike (ClientConfig.DigestPolicy), so
     * both must agree.
     */
    ClientConfig.DigestPolicy digests() {
        boolean header = crc32c("--header-digest", headerDigest);
        boolean data = crc32c("--data-digest", dataDigest);
        if (header != data) {
            throw new IllegalArgumentException("--header-digest and --data-digest must be the same for now "
                    + "(the initiator negotiates one digest policy for both)");
        }
        return header ? ClientConfig.DigestPolicy.REQUIRE_CRC32C : ClientConfig.DigestPolicy.NONE;
    }

    private static boolean crc32c(String option, String value) {
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "crc32c" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException(option + " " + value + " (expected: crc32c or none)");
        };
    }

    /** The backend factory these options describe; reads the secret files. */
    IscsiBackends backends() throws IOException {
        ClientConfig client = ClientConfig.defaults().withDigests(digests());
        if (initiatorName != null) {
            client = client.withInitiatorName(initiatorName);
        }
        IscsiBackends b = new IscsiBackends(client, Optional.ofNullable(chapUser),
                chapSecretFile == null ? Optional.empty() : Optional.of(secret(chapSecretFile)),
                sessions != null ? sessions : IscsiBackends.DEFAULT_SESSIONS,
                queueDepth != null ? queueDepth : IscsiBackends.DEFAULT_QUEUE_DEPTH);
        if (mutualUser != null) {
            b = b.withMutualChap(mutualUser, secret(mutualSecretFile));
        }
        return b;
    }

    /** The first line of {@code file}, trailing whitespace removed. */
    static byte[] secret(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read secret file " + file + ": " + e.getMessage(), e);
        }
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).strip();
        if (line.isEmpty()) {
            throw new IOException("secret file " + file + " is empty");
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
