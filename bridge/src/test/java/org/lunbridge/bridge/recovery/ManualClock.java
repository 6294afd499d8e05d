package org.lunbridge.bridge.recovery;

import java.util.PriorityQueue;

/** A {@link RecoveryClock} the test drives: nothing runs until {@link #advance} or {@link #runPending}. */
final class ManualClock implements RecoveryClock {

    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now = 1_000_000;
    private long seq;

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delayMillis, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    /** Runs every task due within {@code millis} from now, in time order, including those they schedule. */
    void advance(long millis) {
        long end;
        synchronized (this) {
            end = now + millis;
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.at > end) {
                    now = end;
                    return;
                }
                tasks.poll();
                now = Math.max(now, t.at);
            }
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
    }

    void runPending() {
        advance(0);
    }
}
