package org.lunbridge.bridge.export;

import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Orders FLUSH after writes: a flush waits until every write that had started before it (on any session of the
 * pool, from any NBD connection) has completed, then sends SYNCHRONIZE CACHE. proto.md only requires writes
 * <em>completed</em> before the flush to be covered; also waiting for those in flight is cheap and protects
 * clients that send FLUSH without waiting for their writes.
 *
 * <p>Writes enter an epoch; a flush closes the current epoch and waits for it and all earlier ones to drain.
 */
final class WriteBarrier {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    /** Epoch to writes in flight in it; only non-zero counts are kept. */
    private final TreeMap<Long, Integer> inFlight = new TreeMap<>();
    private long epoch;

    /** A write begins; pass the returned ticket to {@link #exit}. */
    long enter() {
        lock.lock();
        try {
            inFlight.merge(epoch, 1, Integer::sum);
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    /** The write with {@code ticket} completed (successfully or not). */
    void exit(long ticket) {
        lock.lock();
        try {
            Integer left = inFlight.merge(ticket, -1, Integer::sum);
            if (left != null && left == 0) {
                inFlight.remove(ticket);
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every write that entered before this call has exited; uninterruptible like a disk flush. */
    void awaitEarlierWrites() {
        lock.lock();
        try {
            long mine = epoch++;
            while (!inFlight.headMap(mine, true).isEmpty()) {
                drained.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes in flight now (for tests and metrics). */
    int writesInFlight() {
        lock.lock();
        try {
            return inFlight.values().stream().mapToInt(Integer::intValue).sum();
        } finally {
            lock.unlock();
        }
    }
}
