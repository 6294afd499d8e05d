package org.lunbridge.iscsi.transport.rdma;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.lunbridge.iscsi.transport.ConnectionLostException;

/**
 * Task data memory: one region registered once at connect ({@code ibv_reg_mr} per I/O would cost a syscall and
 * page pinning each time), cut into {@code slots} equal slots of {@code slotBytes}. A task borrows one slot per
 * direction, either lent to the caller to fill ({@link RegisteredBuffer}) or as a bounce buffer when the caller's
 * data is not registered. Bounded: {@link #borrow} waits for a free slot (okio SegmentPool style invariant:
 * {@code free.size() + lent == slots}).
 */
final class RegisteredBufferPool {
    private final ByteBuffer region;
    private final long baseAddress;
    private final int slotBytes;
    private final int slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Free slot indices. */
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private ConnectionLostException failure;

    RegisteredBufferPool(ByteBuffer region, long baseAddress, int slotBytes, int slots) {
        if ((long) slotBytes * slots > region.capacity()) {
            throw new IllegalArgumentException("pool region: " + region.capacity() + " bytes (expected: >= "
                    + (long) slotBytes * slots + ")");
        }
        this.region = region;
        this.baseAddress = baseAddress;
        this.slotBytes = slotBytes;
        this.slots = slots;
        for (int i = 0; i < slots; i++) {
            free.add(i);
        }
    }

    int slotBytes() {
        return slotBytes;
    }

    /** True if {@code [address, address + length)} lies in the registered region. */
    boolean contains(long address, long length) {
        return address != 0 && address >= baseAddress && length >= 0
                && address + length <= baseAddress + (long) slotBytes * slots;
    }

    /**
     * A slot of {@code lengthBytes} (1..slotBytes), waiting up to {@code waitMillis} for one to be released.
     *
     * @return null if none was released in time
     * @throws IllegalArgumentException if {@code lengthBytes} exceeds a slot: the session must split the I/O
     * @throws ConnectionLostException if the connection failed (pool closed)
     */
    RegisteredBuffer borrow(int lengthBytes, long waitMillis) throws ConnectionLostException, InterruptedException {
        if (lengthBytes < 1 || lengthBytes > slotBytes) {
            throw new IllegalArgumentException("task data: " + lengthBytes + " bytes (expected: 1.." + slotBytes
                    + ", the registered buffer size; split larger transfers)");
        }
        int slot;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (true) {
                if (failure != null) {
                    throw failure;
                }
                if (!free.isEmpty()) {
                    slot = free.poll();
                    break;
                }
                if (nanos <= 0) {
                    return null;
                }
                nanos = released.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
        int offset = slot * slotBytes;
        ByteBuffer view = region.duplicate().position(offset).limit(offset + lengthBytes).slice();
        return new RegisteredBuffer(this, slot, view, baseAddress + offset);
    }

    void release(RegisteredBuffer buffer) {
        lock.lock();
        try {
            if (free.contains(buffer.slot())) {
                throw new IllegalStateException("pool slot " + buffer.slot() + " released twice");
            }
            free.add(buffer.slot());
            released.signal();
        } finally {
            lock.unlock();
        }
    }

    int freeSlots() {
        lock.lock();
        try {
            return free.size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiters with {@code cause}; later borrows throw it. Releases still work (bookkeeping only). */
    void fail(ConnectionLostException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
