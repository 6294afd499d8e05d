package org.lunbridge.iscsi.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * PDU and error counters of one session (what the transport does not count: it sees bytes, not tasks). Lock-free;
 * {@link #snapshot()} is not atomic across counters.
 */
public final class SessionStats {

    final AtomicLong scsiCommandPdus = new AtomicLong();
    final AtomicLong scsiResponsePdus = new AtomicLong();
    final AtomicLong dataOutPdus = new AtomicLong();
    final AtomicLong dataInPdus = new AtomicLong();
    final AtomicLong r2tPdus = new AtomicLong();
    final AtomicLong tmfRequests = new AtomicLong();
    final AtomicLong tmfResponses = new AtomicLong();
    final AtomicLong nopOutPdus = new AtomicLong();
    final AtomicLong nopInPdus = new AtomicLong();
    final AtomicLong rejects = new AtomicLong();
    final AtomicLong asyncMessages = new AtomicLong();
    final AtomicLong lateResponsesDropped = new AtomicLong();
    final AtomicLong tmfTimeouts = new AtomicLong();
    final AtomicLong nopTimeouts = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();

    /** A point-in-time copy. */
    public record Snapshot(long scsiCommandPdus, long scsiResponsePdus, long dataOutPdus, long dataInPdus,
                           long r2tPdus, long tmfRequests, long tmfResponses, long nopOutPdus, long nopInPdus,
                           long rejects, long asyncMessages, long lateResponsesDropped, long tmfTimeouts,
                           long nopTimeouts, long bytesRead, long bytesWritten) {}

    public Snapshot snapshot() {
        return new Snapshot(scsiCommandPdus.get(), scsiResponsePdus.get(), dataOutPdus.get(), dataInPdus.get(),
                r2tPdus.get(), tmfRequests.get(), tmfResponses.get(), nopOutPdus.get(), nopInPdus.get(),
                rejects.get(), asyncMessages.get(), lateResponsesDropped.get(), tmfTimeouts.get(),
                nopTimeouts.get(), bytesRead.get(), bytesWritten.get());
    }
}
