package org.lunbridge.nbd.it;

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
 * Runs real client tools for integration tests: bounded in time, output captured, and failures reported with the
 * command line and its stderr. A missing tool fails the test (it never skips): the suite must prove what it claims.
 */
public final class ExternalCommand {
    private ExternalCommand() {}

    /** What a finished command left behind. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Fails the calling test unless the exit code is 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                fail(describe("exited " + exitCode));
            }
            return this;
        }

        String describe(String what) {
            return String.join(" ", command) + " " + what + "\n--- stderr:\n" + stderr + "--- stdout:\n"
                    + (stdout.length() > 4000 ? stdout.substring(0, 4000) + "...\n" : stdout);
        }
    }

    /** Fails (does not skip) if {@code tool} is not an executable on PATH (or /usr/sbin, /sbin). */
    public static Path requireTool(String tool) {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(List.of("/usr/sbin", "/sbin"));
        for (String directory : directories) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("required tool '" + tool + "' not found on PATH; install it (scripts/test installs the test "
                + "packages: libnbd-bin nbdfuse fuse3 qemu-utils fio e2fsprogs nbdkit)");
    }

    /** Runs {@code command} to completion; kills it and fails after {@code timeout}. */
    public static Result run(Duration timeout, String... command) {
        requireTool(command[0]);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return fail("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                Result partial = new Result(List.of(command), -1, stdout.getNow(""), stderr.getNow(""));
                return fail(partial.describe("timed out after " + timeout.toSeconds() + " s"));
            }
            return new Result(List.of(command), process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return fail("interrupted running " + String.join(" ", command), e);
        }
    }

    /** Runs {@code command} and fails the test unless it exits 0. */
    public static Result runOk(Duration timeout, String... command) {
        return run(timeout, command).assertSuccess();
    }

    /** Starts a long-running helper (e.g. nbdfuse); the caller stops it. Output goes to {@code log}. */
    public static Process start(Path log, String... command) {
        requireTool(command[0]);
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return fail("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** Polls {@code condition} every 20 ms until true; fails with {@code what} after {@code timeout}. */
    public static void awaitCondition(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
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
        }, Thread::startVirtualThread);
    }
}
