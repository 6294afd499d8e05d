package org.lunbridge.nbd.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.lunbridge.nbd.server.Export;
import org.lunbridge.nbd.server.NbdServer;
import org.lunbridge.nbd.server.NbdServerConfig;

/** An {@link NbdServer} on 127.0.0.1 and a free port, for tests that point real clients at it. */
public final class InProcessServer implements AutoCloseable {
    private final NbdServer server;
    private final int port;

    private InProcessServer(NbdServer server) {
        this.server = server;
        this.port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Serves {@code exports}; the first is the default export. */
    public static InProcessServer start(Export... exports) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return new InProcessServer(NbdServer.start(NbdServerConfig.of(loopback, List.of(exports))));
    }

    /** {@code nbd://127.0.0.1:PORT/NAME}, the libnbd URI of one export. */
    public String uri(String exportName) {
        return "nbd://127.0.0.1:" + port + "/" + exportName;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        server.awaitTermination();
    }
}
