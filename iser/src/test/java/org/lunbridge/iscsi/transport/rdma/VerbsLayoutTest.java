package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles {@code verbs-offsets.c} ({@code offsetof}/{@code sizeof}/enum values) against the installed rdma-core
 * and libc headers and asserts every constant of {@link VerbsLayout} and {@link VerbsConstants} by name, both ways:
 * no Java constant unchecked, no C line without its constant. Needs gcc and libibverbs-dev + librdmacm-dev; with
 * {@code CI=true} their absence fails the test, locally it is reported as skipped with the reason.
 */
class VerbsLayoutTest {
    @TempDir
    Path dir;

    @Test
    void givenInstalledHeaders_whenOffsetsProgramRuns_thenEveryJavaConstantMatches() throws Exception {
        Map<String, Long> c = runOffsetsProgram();
        Map<String, Long> java = new TreeMap<>();
        java.putAll(constants(VerbsLayout.class));
        java.putAll(constants(VerbsConstants.class));
        assertTrue(java.size() > 100, "constants found by reflection: " + java.size());
        StringBuilder mismatches = new StringBuilder();
        for (Map.Entry<String, Long> e : java.entrySet()) {
            Long fromC = c.get(e.getKey());
            if (!e.getValue().equals(fromC)) {
                mismatches.append(e.getKey()).append(": Java ").append(e.getValue()).append(", C ").append(fromC)
                        .append('\n');
            }
        }
        for (String name : c.keySet()) {
            if (!java.containsKey(name)) {
                mismatches.append(name).append(": printed by verbs-offsets.c but no Java constant\n");
            }
        }
        assertEquals("", mismatches.toString());
    }

    private Map<String, Long> runOffsetsProgram() throws IOException, InterruptedException {
        Path source = dir.resolve("verbs-offsets.c");
        try (InputStream in = VerbsLayoutTest.class.getResourceAsStream("verbs-offsets.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("verbs-offsets");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-Wall", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            unavailable("gcc not found (" + e.getMessage() + "); install gcc");
            throw new AssertionError("unreachable");
        }
        String gccOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc timed out");
        if (gcc.exitValue() != 0) {
            if (gccOutput.contains("No such file or directory")) {
                unavailable("rdma-core headers missing (apt-get install libibverbs-dev librdmacm-dev): " + gccOutput);
            }
            fail("verbs-offsets.c does not compile:\n" + gccOutput);
        }
        Process run = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(10, TimeUnit.SECONDS), "offsets program timed out");
        assertEquals(0, run.exitValue(), output);
        Map<String, Long> values = new TreeMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        return values;
    }

    /** Fails under CI (the build must prove the layout there), skips with the reason elsewhere. */
    static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and the layout cannot be checked: " + why);
        }
        Assumptions.abort("cannot check the native layout on this machine: " + why);
    }

    private static Map<String, Long> constants(Class<?> type) throws IllegalAccessException {
        Map<String, Long> values = new TreeMap<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class) {
                values.put(f.getName(), (long) f.getInt(null));
            }
        }
        return values;
    }
}
