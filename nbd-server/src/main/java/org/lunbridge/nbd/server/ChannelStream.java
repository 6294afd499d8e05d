package org.lunbridge.nbd.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A plain (unencrypted) {@link NbdStream} over a blocking TCP or Unix domain {@link SocketChannel}.
 *
 * <p>Reads go through a small buffer so that pipelined headers and small payloads cost one system call per batch,
 * not two per request; reads at least as large as the buffer go straight into the caller's buffer.
 */
final class ChannelStream implements NbdStream {
    private static final int SKIP_CHUNK_BYTES = 64 * 1024;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final SocketChannel channel;
    private final String peer;
    /** Bytes read from the channel, not yet handed out: position..limit. Only the reading thread touches it. */
    // Direct: the JDK reads into a heap buffer through a temporary direct one, one more copy per read.
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES).flip();

    ChannelStream(SocketChannel channel) throws IOException {
        this.channel = channel;
        var remote = channel.getRemoteAddress();
        this.peer = remote == null || remote.toString().isEmpty() ? "unix-peer" : remote.toString();
    }

    @Override
    public void readFully(ByteBuffer dst) throws IOException {
        int wanted = dst.remaining();
        drainBuffered(dst);
        while (dst.hasRemaining()) {
            int n;
            if (dst.remaining() >= readBuffer.capacity()) {
                n = channel.read(dst);
            } else {
                readBuffer.clear();
                n = channel.read(readBuffer);
                readBuffer.flip();
                drainBuffered(dst);
            }
            if (n < 0) {
                throw new EOFException("peer closed after " + (wanted - dst.remaining()) + " of " + wanted
                        + " bytes");
            }
        }
    }

    private void drainBuffered(ByteBuffer dst) {
        int n = Math.min(readBuffer.remaining(), dst.remaining());
        if (n > 0) {
            dst.put(readBuffer.slice(readBuffer.position(), n));
            readBuffer.position(readBuffer.position() + n);
        }
    }

    @Override
    public void skip(long bytes) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(SKIP_CHUNK_BYTES, Math.max(bytes, 1)));
        long left = bytes;
        while (left > 0) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), left));
            readFully(scratch);
            left -= scratch.limit();
        }
    }

    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        long left = 0;
        for (ByteBuffer b : srcs) {
            left += b.remaining();
        }
        while (left > 0) {
            left -= channel.write(srcs);
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
