package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real client tool with a deadline; a missing tool fails the test with a clear message. */
final class ExternalTool {
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private ExternalTool() {}

    static Result run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(command));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            fail("required tool '" + command[0] + "' cannot be started (is it installed?): " + e.getMessage());
            throw e;
        }
        process.getOutputStream().close();
        var stdout = process.getInputStream();
        var stderr = process.getErrorStream();
        // Drain stderr concurrently so a chatty tool cannot block on a full pipe.
        var err = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(stderr.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process died; the exit code tells
            }
        });
        String out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 60 s");
        }
        drain.join();
        return new Result(process.exitValue(), out, err.toString());
    }
}
