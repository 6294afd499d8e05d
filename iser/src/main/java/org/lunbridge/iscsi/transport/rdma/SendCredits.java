package org.lunbridge.iscsi.transport.rdma;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.lunbridge.iscsi.transport.ConnectionLostException;

/**
 * Bounds the Sends in flight: one credit per posted Send, returned by its send completion. The capacity is the
 * send queue depth, never above the QP's send WRs and TX descriptors, and lowered to the queue depth negotiated
 * with the target ({@link IserTransport#setSendQueueDepth}), so the initiator never has more unacknowledged Sends
 * than the target promised receive buffers for (RFC 7145 §5.2: a Send without a posted receive kills an RC
 * connection with RNR errors).
 */
final class SendCredits {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Sends posted and not yet completed; invariant 0 <= inFlight. */
    private int inFlight;
    /** Upper bound of inFlight; may drop below inFlight, then no new credit until enough complete. */
    private int capacity;
    private ConnectionLostException failure;

    SendCredits(int capacity) {
        setCapacity(capacity);
    }

    void setCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("send queue depth: " + capacity + " (expected: >= 1)");
        }
        lock.lock();
        try {
            this.capacity = capacity;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True and one credit taken, or false at once when none is free (caller polls the CQ, then waits). */
    boolean tryAcquire() throws ConnectionLostException {
        lock.lock();
        try {
            throwIfFailed();
            if (inFlight < capacity) {
                inFlight++;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code waitMillis} for a credit; false if none came. */
    boolean acquire(long waitMillis) throws ConnectionLostException, InterruptedException {
        lock.lock();
        try {
            long nanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (true) {
                throwIfFailed();
                if (inFlight < capacity) {
                    inFlight++;
                    return true;
                }
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            if (inFlight == 0) {
                throw new IllegalStateException("send credit released twice");
            }
            inFlight--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter with {@code cause}; later acquires throw it. */
    void fail(ConnectionLostException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        lock.lock();
        try {
            return capacity;
        } finally {
            lock.unlock();
        }
    }

    private void throwIfFailed() throws ConnectionLostException {
        if (failure != null) {
            throw failure;
        }
    }
}
