package org.lunbridge.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdTarget;
import picocli.CommandLine;

/** {@code lunbridge discover} against real tgtd: output and error messages. */
class DiscoverCommandIT {

    static final String DISK = "iqn.2026-01.org.lunbridge:cli-disk";
    static final String SECURE = "iqn.2026-01.org.lunbridge:cli-secure";
    static TgtdTarget tgtd;

    @BeforeAll
    static void start() throws Exception {
        tgtd = TgtdTarget.builder()
                .target(DISK, t -> t.lun(1, 64 << 20)
                        .lun(LunSpec.of(2, 16 << 20).withBlockSize(4096).asThin())
                        .lun(LunSpec.of(3, 8 << 20).asReadonly()).allowAll())
                .target(SECURE, t -> t.lun(1, 4 << 20).allowAll().incomingUser("carol", "carol-secret-1"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (tgtd != null) {
            tgtd.close();
        }
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void givenPortal_whenDiscovered_thenTargetsPortalsAndLunsListed() {
        Run r = run("discover", "iscsi://127.0.0.1:" + tgtd.port());
        assertTrue(r.out().contains("Target: " + DISK), r.out() + r.err());
        assertTrue(r.out().contains("Target: " + SECURE), r.out());
        assertTrue(r.out().contains("Portal: 127.0.0.1:" + tgtd.port()), r.out());
        assertTrue(r.out().contains("LUN 1: 64.0 MiB (67108864 bytes), block size 512, IET VIRTUAL-DISK"), r.out());
        assertTrue(r.out().contains("LUN 2: 16.0 MiB (16777216 bytes), block size 4096"), r.out());
        assertTrue(r.out().matches("(?s).*LUN 2: [^\\n]*thin-provisioned: yes, write-protected: no.*"), r.out());
        assertTrue(r.out().matches("(?s).*LUN 1: [^\\n]*thin-provisioned: no, write-protected: no.*"), r.out());
        assertTrue(r.out().matches("(?s).*LUN 3: [^\\n]*write-protected: yes.*"), r.out());
        // Without credentials the CHAP target is listed with a clear error, and the exit status says so.
        assertTrue(r.out().contains("requires CHAP authentication"), r.out());
        assertEquals(1, r.exit());
    }

    @Test
    void givenChapSecretFile_whenDiscovered_thenSecureTargetDescribed() throws Exception {
        Path secret = Files.createTempFile("chap", ".secret");
        try {
            Files.writeString(secret, "carol-secret-1\n");
            Run r = run("discover", "--chap-user", "carol", "--chap-secret-file", secret.toString(),
                    "iscsi://127.0.0.1:" + tgtd.port());
            assertTrue(r.out().matches("(?s).*Target: " + SECURE + "\\n  Portal: [^\\n]*\\n  LUN 0: .*"), r.out());
            assertTrue(r.out().contains("LUN 1: 4.0 MiB"), r.out());
            assertFalse(r.out().contains("carol-secret-1") || r.err().contains("carol-secret-1"));
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void givenNothingListening_whenDiscovered_thenConnectionRefusedMessage() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("discover", "iscsi://127.0.0.1:" + port);
        assertEquals(1, r.exit());
        assertEquals("lunbridge discover: cannot connect to 127.0.0.1:" + port + ": Connection refused\n", r.err());
    }

    @Test
    void givenBadUrl_whenDiscovered_thenUsageError() {
        Run r = run("discover", "http://x");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("URL must start with iscsi://"), r.err());
    }
}
