package org.lunbridge.bridge.pool;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out session slots (ISID qualifiers) per target. RFC 7143 §4.4.3: a session is identified by initiator name,
 * ISID and target portal group, so a login with an ISID already in use to the same target <em>reinstates</em> that
 * session, and the target drops the old one (§6.3.5). Two exports on one target must therefore never share a slot;
 * a pool keeps its slots for life so that re-opening one reinstates only its own session.
 */
public final class SlotAllocator {
    private final Map<String, Integer> next = new HashMap<>();

    /** The first of {@code count} consecutive slots no other pool to {@code targetKey} has. */
    public synchronized int take(String targetKey, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
        }
        int first = next.getOrDefault(targetKey, 0);
        if (first + count > 0xff) {
            // Slot 0xff is discovery's (Discovery uses isidBase.forSlot(0xff)).
            throw new IllegalStateException("more than 255 sessions to " + targetKey);
        }
        next.put(targetKey, first + count);
        return first;
    }
}
