package org.lunbridge.bridge.recovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.DeviceIdentification;
import org.lunbridge.iscsi.scsi.PrimaryCommands;
import org.lunbridge.iscsi.scsi.ScsiDataException;
import org.lunbridge.iscsi.session.ScsiOutcome;

/**
 * The LUN's stable name from INQUIRY VPD 83h (SPC-4 §7.8.6), read whole: a truncated page is asked for again with
 * its full length, so two LUNs differing only in a later designator are not taken for the same one. After a
 * reconnect it must equal what it was at open, or our writes would go to another disk (libiscsi checks the serial
 * number the same way, lib/connect.c).
 */
final class LunIdentity {

    private static final int FIRST_ALLOCATION = 255;
    /** SPC-4: the page length field is 16 bits. */
    private static final int MAX_ALLOCATION = 0xFFFF;
    /** A fresh session after a target restart reports power-on / reset UNIT ATTENTIONs first (libiscsi: 10). */
    private static final int UNIT_ATTENTION_BUDGET = 10;

    private LunIdentity() {}

    /** The identity, or empty if the LUN has no logical-unit designator. Blocks up to about {@code timeoutMillis}. */
    static Optional<String> query(ScsiPath path, long timeoutMillis) throws IOException {
        int allocation = FIRST_ALLOCATION;
        int attentions = 0;
        while (true) {
            Cdb cdb = PrimaryCommands.inquiryVpd(0x83, allocation);
            ByteBuffer buffer = ByteBuffer.allocate(allocation);
            ScsiOutcome outcome = await(path, cdb, buffer, timeoutMillis);
            StatusPolicy.Action action = StatusPolicy.classify(outcome);
            if (action == StatusPolicy.Action.RETRY_NOW || action == StatusPolicy.Action.CAPACITY_CHANGED) {
                if (++attentions > UNIT_ATTENTION_BUDGET) {
                    throw new IOException(path.describe() + ": too many UNIT ATTENTIONs reading VPD 83h");
                }
                continue;
            }
            if (action != StatusPolicy.Action.SUCCESS) {
                outcome.throwIfNotGood(cdb.description());
            }
            DeviceIdentification id;
            try {
                id = DeviceIdentification.parse(buffer.slice(0, outcome.transferred(allocation)));
            } catch (ScsiDataException e) {
                throw new IOException(path.describe() + ": bad VPD 83h: " + e.getMessage(), e);
            }
            if (id.truncated()) {
                int full = id.pageLength() + 4;
                if (full <= allocation || full > MAX_ALLOCATION) {
                    throw new IOException(path.describe() + ": VPD 83h page length " + id.pageLength()
                            + " inconsistent with " + allocation + "-byte allocation");
                }
                allocation = full;
                continue;
            }
            return id.identity();
        }
    }

    private static ScsiOutcome await(ScsiPath path, Cdb cdb, ByteBuffer buffer, long timeoutMillis)
            throws IOException {
        try {
            return path.execute(cdb, buffer).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
        } catch (TimeoutException e) {
            throw new IOException(path.describe() + ": no answer to " + cdb.description() + " in "
                    + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted reading VPD 83h");
        }
    }
}
