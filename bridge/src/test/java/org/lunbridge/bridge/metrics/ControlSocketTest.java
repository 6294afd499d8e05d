package org.lunbridge.bridge.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {

    @TempDir
    Path dir;

    @Test
    void givenControlSocket_whenQueriedTwice_thenFreshReportEachTimeAndOwnerOnly() throws Exception {
        Path path = dir.resolve("ctl.sock");
        AtomicInteger n = new AtomicInteger();
        try (ControlSocket c = ControlSocket.start(path, () -> "recovery.replays " + n.incrementAndGet() + "\n")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals("recovery.replays 1\n", ControlSocket.query(path));
            assertEquals("recovery.replays 2\n", ControlSocket.query(path));
        }
        assertFalse(Files.exists(path), "socket file removed on close");
        assertThrows(IOException.class, () -> ControlSocket.query(path));
    }

    @Test
    void givenStaleSocketFile_whenStarted_thenReplaced() throws Exception {
        Path path = dir.resolve("stale.sock");
        Files.writeString(path, "");
        try (ControlSocket c = ControlSocket.start(path, () -> "ok\n")) {
            assertEquals("ok\n", ControlSocket.query(path));
        }
    }
}
