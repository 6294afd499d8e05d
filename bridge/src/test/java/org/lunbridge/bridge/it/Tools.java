package org.lunbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real client tools for the bridge's integration tests: bounded in time, output captured, a missing tool FAILS the
 * test with the package to install (never skips).
 */
final class Tools {
    private Tools() {}

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        Result ok() {
            if (exitCode != 0) {
                fail(String.join(" ", command) + " exited " + exitCode + "\n--- stderr:\n" + stderr
                        + "--- stdout:\n" + (stdout.length() > 4000 ? stdout.substring(0, 4000) : stdout));
            }
            return this;
        }

        String output() {
            return stdout + stderr;
        }
    }

    static void require(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return;
            }
        }
        fail("required tool '" + tool + "' not found on PATH (packages: libnbd-bin nbdfuse fuse3 qemu-utils fio "
                + "e2fsprogs tgt)");
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, null, command);
    }

    /** Runs {@code command} in {@code directory} (null: inherit); kills it and fails after {@code timeout}. */
    static Result run(Duration timeout, Path directory, String... command) {
        require(command[0]);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return fail("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return fail(String.join(" ", command) + " timed out after " + timeout.toSeconds() + " s\n"
                        + out.getNow("") + err.getNow(""));
            }
            return new Result(List.of(command), process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return fail("interrupted running " + String.join(" ", command), e);
        }
    }

    static Result runOk(Duration timeout, String... command) {
        return run(timeout, command).ok();
    }

    /** Starts a long-running helper (nbdfuse); output to {@code log}. */
    static Process start(Path log, String... command) {
        require(command[0]);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return fail("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
