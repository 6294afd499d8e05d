package org.lunbridge.bridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lunbridge serve --config FILE}: the serve options in a file, for systemd units. One setting per line,
 * {@code key = value}, keys are the long option names without dashes; {@code #} starts a comment line; repeatable
 * keys ({@code export}, {@code portal}) may appear several times; flags take {@code true}/{@code false}; the
 * default export's backend is {@code backend = URL}. Options given on the command line win over the file.
 *
 * <pre>
 * # /etc/lunbridge/serve.conf
 * listen = 127.0.0.1:10809
 * backend = iscsi://192.0.2.10/iqn.2001-04.com.example:storage/1
 * export = scratch=iscsi://192.0.2.11/iqn.2001-04.com.example:scratch/2
 * sessions = 4
 * chap-user = alice
 * chap-secret-file = /etc/lunbridge/alice.secret
 * </pre>
 */
final class ConfigFile {

    static final Set<String> KEYS = Set.of("listen", "unix", "backend", "export", "default-export", "read-only",
            "log-level", "portal", "target", "sessions", "queue-depth", "initiator-name", "chap-user",
            "chap-secret-file", "mutual-user", "mutual-secret-file", "header-digest", "data-digest");
    private static final Set<String> REPEATABLE = Set.of("export", "portal");

    private final Path path;
    private final Map<String, List<String>> values;

    private ConfigFile(Path path, Map<String, List<String>> values) {
        this.path = path;
        this.values = values;
    }

    static ConfigFile read(Path path) throws IOException {
        return parse(path, Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    /** Parses lines; errors name the file and line. */
    static ConfigFile parse(Path path, List<String> lines) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = path + ":" + (i + 1);
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": expected key = value");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (expected one of "
                        + KEYS.stream().sorted().toList() + ")");
            }
            List<String> list = values.computeIfAbsent(key, k -> new ArrayList<>());
            if (!list.isEmpty() && !REPEATABLE.contains(key)) {
                throw new IllegalArgumentException(where + ": '" + key + "' given twice");
            }
            list.add(value);
        }
        return new ConfigFile(path, values);
    }

    Optional<String> get(String key) {
        List<String> list = values.get(key);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    Optional<Integer> integer(String key) {
        return get(key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(path + ": " + key + " = " + v + " (expected: a number)");
            }
        });
    }

    Optional<Boolean> flag(String key) {
        return get(key).map(v -> switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(path + ": " + key + " = " + v + " (expected: true/false)");
        });
    }
}
