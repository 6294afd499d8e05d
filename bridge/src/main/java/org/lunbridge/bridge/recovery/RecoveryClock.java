package org.lunbridge.bridge.recovery;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time and threads for recovery, so tests can drive every timeout by hand. {@link #schedule} and {@link #execute}
 * run their task off the caller's thread (never on a session reader thread), so tasks may block on I/O.
 */
public interface RecoveryClock extends AutoCloseable {

    long nowMillis();

    /** Runs {@code task} after {@code delayMillis}; the handle cancels it. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** Runs {@code task} soon, on another thread. */
    void execute(Runnable task);

    @Override
    default void close() {
    }

    /** A scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }

    /** The real clock: one daemon timer thread that hands each task to a virtual thread. */
    static RecoveryClock system(String name) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name).factory());
        return new RecoveryClock() {
            @Override
            public long nowMillis() {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
            }

            @Override
            public Cancellable schedule(Runnable task, long delayMillis) {
                ScheduledFuture<?> f = timer.schedule(() -> execute(task), delayMillis, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void execute(Runnable task) {
                Thread.ofVirtual().name(name + "-task").start(task);
            }

            @Override
            public void close() {
                timer.shutdownNow();
            }
        };
    }
}
