package org.lunbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;

/**
 * The jar's {@code serve} with recovery flags and {@code --control-socket}; {@code lunbridge stats} reads the
 * counters of the running daemon, and they move when tgtd drops the connections.
 */
@ExtendWith(TgtdLogOnFailure.class)
class StatsCommandIT {
    static final String IQN = "iqn.2026-01.org.lunbridge:stats-it";
    static final Path JAR = Path.of("target", "lunbridge.jar");

    @TempDir
    Path dir;
    TgtdTarget tgtd;
    Process serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        if (tgtd != null) {
            tgtd.close();
        }
    }

    private String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String stats(Path socket) {
        try {
            Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "stats", "--control-socket",
                    socket.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            return out;
        } catch (java.io.IOException | InterruptedException e) {
            return fail(e);
        }
    }

    @Test
    void givenRunningDaemon_whenStatsAsked_thenCountersAndSlotStatesAndTheyFollowAReinstatement() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " missing: run through mvn verify");
        tgtd = TgtdTarget.builder().target(IQN, t -> t.allowAll().lun(LunSpec.of(1, 16L << 20))).start();
        Path socket = dir.resolve("ctl.sock");
        serve = new ProcessBuilder(java(), "-jar", JAR.toString(), "serve", "--listen", "127.0.0.1:0",
                "--export", "d=" + tgtd.iscsiUrl(IQN, 1), "--command-timeout", "5", "--abort-timeout", "1",
                "--lun-reset-timeout", "1", "--replacement-timeout", "30", "--reconnect-delay-max", "2",
                "--control-socket", socket.toString())
                .redirectError(dir.resolve("serve.err").toFile()).start();
        String ready = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertNotNull(ready, () -> "serve exited: " + read(dir.resolve("serve.err")));
        String before = stats(socket);
        assertTrue(before.contains("export d\n"), before);
        assertTrue(before.contains("recovery.reinstatements 0\n"), before);
        assertTrue(before.contains("slot.0.state UP\n"), before);
        assertTrue(before.contains("slot.1.state UP\n"), before);
        assertTrue(before.contains("slot.0.connection "), before);
        assertTrue(tgtd.deleteConnections(tgtd.tid(IQN)) > 0);
        Tools.await(Duration.ofSeconds(30), "reinstatements counted", () -> {
            String s = stats(socket);
            return s.contains("recovery.reinstatements 2\n") && s.contains("slot.0.state UP\n")
                    && s.contains("slot.1.state UP\n");
        });
        assertTrue(stats(socket).contains("recovery.connection_losses 2\n"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
