package org.lunbridge.iscsi.transport.rdma;

import java.nio.ByteBuffer;

/**
 * A buffer lent from an iSER connection's registered pool ({@link IserTransport#borrowBuffer}). Fill it (e.g.
 * read an NBD write payload straight into it) and pass {@link #buffer()} (or a slice of it) in
 * {@link org.lunbridge.iscsi.transport.TaskBuffers}: the transport recognises registered memory by address and
 * advertises it as is, without a copy. {@link #close()} returns it; until then the pool slot stays taken.
 */
public final class RegisteredBuffer implements AutoCloseable {
    private final RegisteredBufferPool pool;
    private final int slot;
    private final ByteBuffer buffer;
    private final long address;
    private boolean closed;

    RegisteredBuffer(RegisteredBufferPool pool, int slot, ByteBuffer buffer, long address) {
        this.pool = pool;
        this.slot = slot;
        this.buffer = buffer;
        this.address = address;
    }

    /** Direct buffer over registered memory; position 0, limit = the borrowed length. */
    public ByteBuffer buffer() {
        return buffer;
    }

    long address() {
        return address;
    }

    int slot() {
        return slot;
    }

    /** Returns the slot to the pool; idempotent. Only after the task using it has ended. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        pool.release(this);
    }
}
