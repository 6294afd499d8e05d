package org.lunbridge.bridge.recovery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Recovery counters of one export; each counts events, never commands twice for one event. */
public final class RecoveryStats {
    final AtomicLong commandTimeouts = new AtomicLong();
    final AtomicLong aborts = new AtomicLong();
    final AtomicLong lunResets = new AtomicLong();
    final AtomicLong connectionDrops = new AtomicLong();
    final AtomicLong connectionLosses = new AtomicLong();
    final AtomicLong reinstatements = new AtomicLong();
    final AtomicLong reconnectFailures = new AtomicLong();
    final AtomicLong replays = new AtomicLong();
    final AtomicLong replacementTimeoutFailures = new AtomicLong();
    final AtomicLong failedFast = new AtomicLong();
    final AtomicLong identityMismatches = new AtomicLong();
    final AtomicLong statusRetries = new AtomicLong();
    final AtomicLong backoffs = new AtomicLong();
    final AtomicLong queueDepthReductions = new AtomicLong();
    final AtomicLong capacityChanges = new AtomicLong();
    final AtomicLong heldWrites = new AtomicLong();
    final AtomicLong lateCompletions = new AtomicLong();

    /** A consistent-enough copy for printing. */
    public record Snapshot(Map<String, Long> counters) {
        public long get(String name) {
            Long v = counters.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no counter " + name);
            }
            return v;
        }

        /** One "name value" line per counter. */
        public String format(String prefix) {
            StringBuilder b = new StringBuilder();
            counters.forEach((k, v) -> b.append(prefix).append(k).append(' ').append(v).append('\n'));
            return b.toString();
        }
    }

    public Snapshot snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("command_timeouts", commandTimeouts.get());
        m.put("aborts", aborts.get());
        m.put("lun_resets", lunResets.get());
        m.put("connection_drops", connectionDrops.get());
        m.put("connection_losses", connectionLosses.get());
        m.put("reinstatements", reinstatements.get());
        m.put("reconnect_failures", reconnectFailures.get());
        m.put("replays", replays.get());
        m.put("replacement_timeout_failures", replacementTimeoutFailures.get());
        m.put("failed_fast", failedFast.get());
        m.put("identity_mismatches", identityMismatches.get());
        m.put("status_retries", statusRetries.get());
        m.put("backoffs", backoffs.get());
        m.put("queue_depth_reductions", queueDepthReductions.get());
        m.put("capacity_changes", capacityChanges.get());
        m.put("held_writes", heldWrites.get());
        m.put("late_completions", lateCompletions.get());
        return new Snapshot(m);
    }
}
