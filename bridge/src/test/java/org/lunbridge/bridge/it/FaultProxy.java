package org.lunbridge.bridge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 between lunbridge and tgtd that injects faults per connection: stall or hold one
 * direction, reset, and flip one byte of the target's stream. Each accepted connection gets its own upstream
 * connection; the test picks connections by accept order.
 */
final class FaultProxy implements AutoCloseable {

    /** One proxied connection. All methods are safe from the test thread. */
    static final class Link {
        final Socket client;
        final Socket target;
        private final Object lock = new Object();
        /** Initiator→target bytes kept back instead of forwarded (a WRITE "stuck in the network"). */
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private boolean holdUpstream;
        private boolean stallDownstream;
        /** Flip the byte at this offset of the target→initiator stream (counted from the first byte); -1: none. */
        private long corruptAt = -1;
        private long downstreamBytes;
        volatile boolean targetClosed;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        /** From now on, initiator→target bytes are held (and kept even if the initiator closes). */
        void holdUpstream() {
            synchronized (lock) {
                holdUpstream = true;
            }
        }

        int heldBytes() {
            synchronized (lock) {
                return held.size();
            }
        }

        /** Delivers the held bytes to the target late, then closes the link. */
        void releaseHeld() {
            byte[] late;
            synchronized (lock) {
                holdUpstream = false;
                late = held.toByteArray();
                held.reset();
            }
            try {
                target.getOutputStream().write(late);
                target.getOutputStream().flush();
            } catch (IOException e) {
                // The target already closed this connection (e.g. the session was reinstated): nothing delivered.
            }
        }

        /** Stops forwarding target→initiator bytes until {@link #resume()}. */
        void stall() {
            synchronized (lock) {
                stallDownstream = true;
            }
        }

        void resume() {
            synchronized (lock) {
                stallDownstream = false;
                lock.notifyAll();
            }
        }

        /** Flips one byte {@code bytesFromNow} bytes into the target→initiator stream. */
        void corruptDownstream(long bytesFromNow) {
            synchronized (lock) {
                corruptAt = downstreamBytes + bytesFromNow;
            }
        }

        /** Whether a requested byte flip has been applied. */
        boolean corrupted() {
            synchronized (lock) {
                return corruptAt == -1 && downstreamBytes > 0;
            }
        }

        /** The held initiator→target bytes (a copy). */
        byte[] heldCopy() {
            synchronized (lock) {
                return held.toByteArray();
            }
        }

        /** Both sides get a TCP RST (SO_LINGER 0). */
        void reset() {
            for (Socket s : List.of(client, target)) {
                try {
                    s.setSoLinger(true, 0);
                    s.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }

        private void pumpUp() {
            byte[] buf = new byte[65536];
            try (InputStream in = client.getInputStream()) {
                OutputStream out = target.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (lock) {
                        if (holdUpstream) {
                            held.write(buf, 0, n);
                            continue;
                        }
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // connection ended
            }
            synchronized (lock) {
                if (holdUpstream) {
                    return; // keep the target side open: the held bytes may still be delivered late
                }
            }
            closeQuietly(target);
        }

        private void pumpDown() {
            byte[] buf = new byte[65536];
            try (InputStream in = target.getInputStream()) {
                OutputStream out = client.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (lock) {
                        while (stallDownstream) {
                            lock.wait();
                        }
                        if (corruptAt >= downstreamBytes && corruptAt < downstreamBytes + n) {
                            buf[(int) (corruptAt - downstreamBytes)] ^= 0x5A;
                            corruptAt = -1;
                        }
                        downstreamBytes += n;
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // connection ended
            }
            targetClosed = true;
            closeQuietly(client);
        }
    }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    final List<Link> links = new CopyOnWriteArrayList<>();

    FaultProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fault-proxy").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(upstream.getAddress(), upstream.getPort());
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                Link l = new Link(client, target);
                links.add(l);
                Thread.ofPlatform().daemon().name("fault-proxy-up").start(l::pumpUp);
                Thread.ofPlatform().daemon().name("fault-proxy-down").start(l::pumpDown);
            } catch (IOException e) {
                // closed, or upstream refused: the client sees its connection closed
            }
        }
    }

    Link link(int i) {
        return links.get(i);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Link l : links) {
            l.resume();
            closeQuietly(l.client);
            closeQuietly(l.target);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // ignore
        }
    }
}
