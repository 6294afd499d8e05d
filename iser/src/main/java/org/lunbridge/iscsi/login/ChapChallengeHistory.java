package org.lunbridge.iscsi.login;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;

/**
 * The challenges we recently sent as mutual-CHAP originator. A target that sends one of them back as its own
 * challenge (on this or another connection) is attempting a reflection attack: we would hand it the response it
 * needs to pass our check (RFC 7143 §12.1.3, §9.2.1). Bounded, thread-safe; one instance is shared per process.
 */
public final class ChapChallengeHistory {

    private static final ChapChallengeHistory SHARED = new ChapChallengeHistory(4096);

    private final int capacity;
    private final Deque<String> order = new ArrayDeque<>();
    private final Set<String> members = new HashSet<>();

    public ChapChallengeHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
    }

    /** The process-wide history used unless a test supplies its own. */
    public static ChapChallengeHistory shared() {
        return SHARED;
    }

    public synchronized void remember(byte[] challenge) {
        String k = HexFormat.of().formatHex(challenge);
        if (members.add(k)) {
            order.addLast(k);
            if (order.size() > capacity) {
                members.remove(order.removeFirst());
            }
        }
    }

    public synchronized boolean contains(byte[] challenge) {
        return members.contains(HexFormat.of().formatHex(challenge));
    }
}
