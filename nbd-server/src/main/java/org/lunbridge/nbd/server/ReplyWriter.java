package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.lunbridge.nbd.protocol.ReplyChunk;
import org.lunbridge.nbd.protocol.ReplyCodec;
import org.lunbridge.nbd.protocol.Request;
import org.lunbridge.nbd.spi.NbdError;

/**
 * Writes replies, each message whole (replies of concurrent requests interleave only at message boundaries), in
 * the style negotiated: simple replies only; structured chunks when they carry a payload or an error; extended
 * chunks for everything once extended headers are on ("the server MUST NOT use simple replies").
 */
final class ReplyWriter {
    private final NbdStream stream;
    private final boolean structuredReplies;
    private final boolean extendedHeaders;
    private final ReentrantLock lock = new ReentrantLock();
    /** Set when a write failed part-way: the stream is out of step, nothing more may be sent on it. */
    private boolean broken;

    ReplyWriter(NbdStream stream, boolean structuredReplies, boolean extendedHeaders) {
        this.stream = stream;
        this.structuredReplies = structuredReplies || extendedHeaders;
        this.extendedHeaders = extendedHeaders;
    }

    boolean structured() {
        return structuredReplies;
    }

    /** Success without payload. */
    void ok(Request request) throws IOException {
        if (extendedHeaders) {
            chunk(request, new ReplyChunk.None(), true);
        } else {
            send(ReplyCodec.encodeSimple(0, request.cookie()));
        }
    }

    /** Failure of the whole request. Structured: an NBD_REPLY_TYPE_ERROR chunk with a message. */
    void error(Request request, NbdError error, String message) throws IOException {
        if (structuredReplies) {
            chunk(request, new ReplyChunk.Error(error.code(), message == null ? "" : message), true);
        } else {
            send(ReplyCodec.encodeSimple(error.code(), request.cookie()));
        }
    }

    /** A whole successful READ: a simple reply followed by the data, or one OFFSET_DATA chunk marked done. */
    void readData(Request request, ByteBuffer data) throws IOException {
        if (!structuredReplies) {
            send(ReplyCodec.encodeSimple(0, request.cookie()), data);
        } else if (!data.hasRemaining()) {
            chunk(request, new ReplyChunk.None(), true);
        } else {
            chunk(request, new ReplyChunk.OffsetData(request.offset(), data), true);
        }
    }

    /** One structured or extended chunk; {@code done} sets NBD_REPLY_FLAG_DONE. */
    void chunk(Request request, ReplyChunk chunk, boolean done) throws IOException {
        if (!structuredReplies) {
            throw new IllegalStateException("structured chunk " + chunk + " without structured replies");
        }
        send(ReplyCodec.encodeChunk(extendedHeaders, done ? NBD_REPLY_FLAG_DONE : 0, request.cookie(),
                request.offset(), chunk));
    }

    private void send(ByteBuffer... buffers) throws IOException {
        lock.lock();
        try {
            if (broken) {
                throw new IOException("reply stream to " + stream.peer() + " already failed");
            }
            broken = true;
            stream.write(buffers);
            broken = false;
        } finally {
            lock.unlock();
        }
    }
}
