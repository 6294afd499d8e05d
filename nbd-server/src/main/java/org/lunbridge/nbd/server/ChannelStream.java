package org.lunbridge.nbd.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A plain (unencrypted) {@link NbdStream} over a blocking TCP or Unix domain {@link SocketChannel}. */
final class ChannelStream implements NbdStream {
    private static final int SKIP_CHUNK_BYTES = 64 * 1024;

    private final SocketChannel channel;
    private final String peer;

    ChannelStream(SocketChannel channel) throws IOException {
        this.channel = channel;
        var remote = channel.getRemoteAddress();
        this.peer = remote == null || remote.toString().isEmpty() ? "unix-peer" : remote.toString();
    }

    @Override
    public void readFully(ByteBuffer dst) throws IOException {
        int wanted = dst.remaining();
        while (dst.hasRemaining()) {
            if (channel.read(dst) < 0) {
                throw new EOFException("peer closed after " + (wanted - dst.remaining()) + " of " + wanted
                        + " bytes");
            }
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
