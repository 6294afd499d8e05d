package org.lunbridge.nbd.server;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The byte stream a connection speaks NBD over. The handshake and transmission code see only this, so a TLS layer
 * can replace the plain stream after NBD_OPT_STARTTLS is acknowledged (proto.md "TLS support": the upgrade happens
 * in-session) without touching either.
 *
 * <p>Threading: one thread reads while others write; writes are serialised by the caller (the reply writer).
 */
interface NbdStream extends Closeable {
    /** Fills {@code dst} completely; {@link java.io.EOFException} if the peer closes first. */
    void readFully(ByteBuffer dst) throws IOException;

    /** Reads and discards {@code bytes} bytes without holding them in memory. */
    void skip(long bytes) throws IOException;

    /** Writes every remaining byte of {@code srcs}, in order. */
    void write(ByteBuffer... srcs) throws IOException;

    /** Makes a blocked or later {@link #readFully} see end-of-stream; writes still work (graceful shutdown). */
    void shutdownInput() throws IOException;

    /** The peer, for logs. */
    String peer();
}
