package org.lunbridge.iscsi.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived real tool (tgtadm, qemu-img...) with a time limit and captures its output. A tool that is
 * not installed is an {@link IOException} naming it: integration tests must fail loudly, not skip.
 */
public final class ExternalCommand {
    /** The outcome of one run. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** Throws unless the exit code is 0; the message shows command, code and both outputs. */
        public Result requireSuccess() throws IOException {
            if (exitCode != 0) {
                throw new IOException(describe());
            }
            return this;
        }

        public String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\nstdout: " + stdout.strip()
                    + "\nstderr: " + stderr.strip();
        }
    }

    private ExternalCommand() {}

    /** Runs {@code command}, killing it after {@code timeout}. */
    public static Result run(Duration timeout, List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + " (is it installed and on PATH?): "
                    + e.getMessage(), e);
        }
        // Both pipes drained concurrently so a chatty tool cannot block on a full pipe.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout
                        + "; stderr: " + err.get().strip());
            }
            return new Result(List.copyOf(command), process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } catch (ExecutionException e) {
            throw new IOException("reading output of " + command, e.getCause());
        }
    }

    public static Result run(Duration timeout, String... command) throws IOException {
        return run(timeout, List.of(command));
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }
}
