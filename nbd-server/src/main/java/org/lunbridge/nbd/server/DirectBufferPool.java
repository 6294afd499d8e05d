package org.lunbridge.nbd.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers for request payloads and READ data, shared by the connections of one server.
 *
 * <p>Why direct: the JDK copies a heap buffer through a temporary direct buffer on every socket and file read or
 * write, so a heap payload costs two extra copies per request (socket to heap, heap to file). Why pooled: allocating
 * direct memory is slow (zeroing, a cleaner per buffer) and it is freed only by GC.
 *
 * <p>Bounds: buffers come in power-of-two size classes from {@link #MIN_CLASS_BYTES}; at most {@code maxCachedBytes}
 * sit idle in the pool, and at most {@code maxOutstandingBytes} of direct buffers are handed out at once. Beyond that
 * {@link #acquire} returns a plain heap buffer (correct, only slower), so a burst of large requests cannot exhaust
 * direct memory. Every buffer from {@link #acquire} must be given back with {@link #release} exactly once, whatever
 * happens to the request (a {@code finally}); heap buffers are simply dropped there.
 */
final class DirectBufferPool {
    /** Smallest size class: one page, the usual minimum NBD request. */
    static final int MIN_CLASS_BYTES = 4096;
    /** Idle direct bytes kept by default: 64 one-MiB reads, or thousands of 4 KiB ones. */
    static final long DEFAULT_MAX_CACHED_BYTES = 64L * 1024 * 1024;
    /** Direct bytes handed out at once by default; more is served from the heap. */
    static final long DEFAULT_MAX_OUTSTANDING_BYTES = 256L * 1024 * 1024;

    /** Shared by every zero-length acquire: it has no bytes, so positions stay 0 whoever flips it. */
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MIN_CLASS_SHIFT = Integer.numberOfTrailingZeros(MIN_CLASS_BYTES);
    /** Classes up to 2^30 bytes; NBD payloads are at most 2^32 - 1 and ours at most maxPayloadBytes. */
    private static final int CLASSES = 31 - MIN_CLASS_SHIFT;

    private final long maxCachedBytes;
    private final long maxOutstandingBytes;
    /** Idle buffers per class; their total capacity is {@link #cachedBytes}, so the queues are bounded. */
    private final ConcurrentLinkedQueue<ByteBuffer>[] idle;
    private final AtomicLong cachedBytes = new AtomicLong();
    /** Capacity of direct buffers handed out and not yet released. */
    private final AtomicLong outstandingBytes = new AtomicLong();
    /** Buffers of at least one byte (direct or heap) handed out and not yet released; for leak tests. */
    private final AtomicInteger outstandingBuffers = new AtomicInteger();

    @SuppressWarnings("unchecked")
    DirectBufferPool(long maxCachedBytes, long maxOutstandingBytes) {
        if (maxCachedBytes < 0 || maxOutstandingBytes < 0) {
            throw new IllegalArgumentException("pool bounds: " + maxCachedBytes + ", " + maxOutstandingBytes
                    + " (expected: >= 0)");
        }
        this.maxCachedBytes = maxCachedBytes;
        this.maxOutstandingBytes = maxOutstandingBytes;
        this.idle = new ConcurrentLinkedQueue[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            idle[i] = new ConcurrentLinkedQueue<>();
        }
    }

    DirectBufferPool() {
        this(DEFAULT_MAX_CACHED_BYTES, DEFAULT_MAX_OUTSTANDING_BYTES);
    }

    /** A buffer with position 0 and limit {@code lengthBytes}; its contents are undefined. */
    ByteBuffer acquire(int lengthBytes) {
        if (lengthBytes < 0) {
            throw new IllegalArgumentException("lengthBytes: " + lengthBytes + " (expected: >= 0)");
        }
        if (lengthBytes == 0) {
            return EMPTY; // most requests carry no payload: not worth a page
        }
        int sizeClass = sizeClassOf(lengthBytes);
        outstandingBuffers.incrementAndGet();
        if (sizeClass >= CLASSES) {
            return ByteBuffer.allocate(lengthBytes);
        }
        int capacity = MIN_CLASS_BYTES << sizeClass;
        if (outstandingBytes.addAndGet(capacity) > maxOutstandingBytes) {
            outstandingBytes.addAndGet(-capacity);
            return ByteBuffer.allocate(lengthBytes);
        }
        ByteBuffer buffer = idle[sizeClass].poll();
        if (buffer != null) {
            cachedBytes.addAndGet(-capacity);
        } else {
            buffer = ByteBuffer.allocateDirect(capacity);
        }
        return buffer.clear().limit(lengthBytes);
    }

    /** Gives back a buffer from {@link #acquire} (the same object, not a duplicate or slice). */
    void release(ByteBuffer buffer) {
        if (buffer == EMPTY) {
            return;
        }
        outstandingBuffers.decrementAndGet();
        if (!buffer.isDirect()) {
            return;
        }
        int capacity = buffer.capacity();
        outstandingBytes.addAndGet(-capacity);
        if (cachedBytes.addAndGet(capacity) > maxCachedBytes) {
            cachedBytes.addAndGet(-capacity); // full: let GC free it
            return;
        }
        idle[Integer.numberOfTrailingZeros(capacity) - MIN_CLASS_SHIFT].offer(buffer);
    }

    /** Buffers handed out and not yet released. */
    int outstandingBuffers() {
        return outstandingBuffers.get();
    }

    /** Direct bytes sitting idle in the pool. */
    long cachedBytes() {
        return cachedBytes.get();
    }

    /** Index of the smallest class holding {@code lengthBytes}: 0 for up to 4 KiB, 1 for 8 KiB, ... */
    static int sizeClassOf(int lengthBytes) {
        if (lengthBytes <= MIN_CLASS_BYTES) {
            return 0;
        }
        return 32 - Integer.numberOfLeadingZeros(lengthBytes - 1) - MIN_CLASS_SHIFT;
    }
}
