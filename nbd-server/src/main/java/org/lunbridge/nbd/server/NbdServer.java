package org.lunbridge.nbd.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;

/** An NBD server (fixed newstyle) serving {@link Export}s over TCP or a Unix domain socket. */
public final class NbdServer implements Closeable {
    private NbdServer() {}

    /** Binds, starts accepting on a virtual thread, and returns. */
    public static NbdServer start(NbdServerConfig config) throws IOException {
        throw new UnsupportedOperationException("API contract only; implementation follows in the next commits");
    }

    /** The bound address (an ephemeral port resolved). */
    public SocketAddress localAddress() {
        throw new UnsupportedOperationException();
    }

    /** Stops accepting, finishes in-flight requests (bounded wait), flushes devices that can flush, closes. */
    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }

    /** Blocks until {@link #close()} has completed. */
    public void awaitTermination() throws InterruptedException {
        throw new UnsupportedOperationException();
    }
}
