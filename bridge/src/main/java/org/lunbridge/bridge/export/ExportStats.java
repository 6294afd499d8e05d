package org.lunbridge.bridge.export;

import static org.lunbridge.iscsi.scsi.ScsiConstants.*;

import java.util.concurrent.atomic.AtomicLong;
import org.lunbridge.iscsi.scsi.Cdb;

/**
 * SCSI commands one export sent, by kind: what proves that NBD FLUSH became SYNCHRONIZE CACHE and NBD FUA a WRITE
 * with FUA. Counted at dispatch (retries count again). Lock-free; a snapshot is not atomic across counters.
 */
public final class ExportStats {

    /** A point-in-time copy. */
    public record Snapshot(long reads, long writes, long fuaWrites, long synchronizeCaches, long unmaps,
                           long writeSames, long preFetches, long getLbaStatuses, long retries, long others) {}

    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong fuaWrites = new AtomicLong();
    private final AtomicLong synchronizeCaches = new AtomicLong();
    private final AtomicLong unmaps = new AtomicLong();
    private final AtomicLong writeSames = new AtomicLong();
    private final AtomicLong preFetches = new AtomicLong();
    private final AtomicLong getLbaStatuses = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong others = new AtomicLong();

    /** Counts one dispatched CDB by its operation code. */
    void dispatched(Cdb cdb) {
        byte[] b = cdb.bytes();
        switch (cdb.opcode()) {
            case READ_10, READ_16 -> reads.incrementAndGet();
            case WRITE_10, WRITE_16 -> {
                writes.incrementAndGet();
                // SBC-4 §5.40/§5.42: FUA is bit 3 of byte 1.
                if ((b[1] & 0x08) != 0) {
                    fuaWrites.incrementAndGet();
                }
            }
            case SYNCHRONIZE_CACHE_10, SYNCHRONIZE_CACHE_16 -> synchronizeCaches.incrementAndGet();
            case UNMAP -> unmaps.incrementAndGet();
            case WRITE_SAME_10, WRITE_SAME_16 -> writeSames.incrementAndGet();
            case PRE_FETCH_10, PRE_FETCH_16 -> preFetches.incrementAndGet();
            case SERVICE_ACTION_IN_16 -> {
                if ((b[1] & 0x1F) == SA_GET_LBA_STATUS) {
                    getLbaStatuses.incrementAndGet();
                } else {
                    others.incrementAndGet();
                }
            }
            default -> others.incrementAndGet();
        }
    }

    void retried() {
        retries.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(reads.get(), writes.get(), fuaWrites.get(), synchronizeCaches.get(), unmaps.get(),
                writeSames.get(), preFetches.get(), getLbaStatuses.get(), retries.get(), others.get());
    }
}
