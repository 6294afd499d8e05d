package org.lunbridge.bridge.metrics;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * A read-only control socket: a Unix domain socket (never TCP) created mode 0600, so only the daemon's user (and
 * root) can connect. Each connection gets the current report and is closed; nothing is read from the client, so
 * there is no command parser to attack.
 */
public final class ControlSocket implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.metrics");

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Supplier<String> report) {
        this.path = path;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("lunbridge-control").unstarted(() -> serve(report));
    }

    /** Binds {@code path} (replacing a stale socket file) and starts answering. */
    public static ControlSocket start(Path path, Supplier<String> report) throws IOException {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            Files.delete(path); // a socket left by a killed daemon; bind would fail on it
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        ControlSocket c = new ControlSocket(path, server, report);
        c.acceptor.start();
        return c;
    }

    private void serve(Supplier<String> report) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                ByteBuffer out = StandardCharsets.UTF_8.encode(report.get());
                while (out.hasRemaining()) {
                    client.write(out);
                }
            } catch (IOException | RuntimeException e) {
                if (server.isOpen()) {
                    LOG.log(System.Logger.Level.DEBUG, "control socket client: {0}", e.toString());
                }
            }
        }
    }

    /** Reads one report from the daemon at {@code path}. */
    public static String query(Path path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing control socket {0}: {1}", path, e.toString());
        }
    }
}
