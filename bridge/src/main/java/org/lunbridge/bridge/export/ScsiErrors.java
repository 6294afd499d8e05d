package org.lunbridge.bridge.export;

import static org.lunbridge.iscsi.scsi.ScsiConstants.*;

import java.io.IOException;
import org.lunbridge.iscsi.scsi.CheckConditionException;
import org.lunbridge.iscsi.scsi.SenseData;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.NbdError;

/**
 * The one mapping from a failed SCSI command (status, sense key, ASC/ASCQ) or a lost session to the NBD error the
 * client sees. Kept to what qemu's {@code scsi_sense_to_errno} and the NBD spec agree on; note the Linux kernel
 * client turns every error into EIO anyway, the finer values are for qemu/libnbd clients.
 */
public final class ScsiErrors {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.export");

    private ScsiErrors() {}

    /** The NBD error for {@code failure}; anything unrecognised is EIO. */
    public static NbdError errorOf(Throwable failure) {
        return switch (failure) {
            case BlockDeviceException b -> b.error();
            case CheckConditionException c -> errorOf(c.sense());
            // RESERVATION CONFLICT (another initiator holds the LUN) is EIO like every other status: the policy
            // (StatusPolicy) never retries it, and open-iscsi/qemu report it to the block layer as an I/O error.
            default -> NbdError.EIO;
        };
    }

    /** The NBD error for CHECK CONDITION with {@code sense}. */
    public static NbdError errorOf(SenseData sense) {
        if (sense.deferred()) {
            // SPC-4 §4.5.5: an earlier, already acknowledged command failed; this one says nothing about itself.
            return NbdError.EIO;
        }
        int asc = sense.asc();
        return switch (sense.senseKey()) {
            case ILLEGAL_REQUEST -> switch (asc) {
                case 0x20 -> NbdError.ENOTSUP; // INVALID COMMAND OPERATION CODE: the feature is absent
                case 0x21 -> NbdError.ENOSPC;  // LOGICAL BLOCK ADDRESS OUT OF RANGE: proto.md wants ENOSPC
                default -> NbdError.EINVAL;    // INVALID FIELD IN CDB / PARAMETER LIST, ...
            };
            // SBC-4 §4.7.3.7: a thin LUN out of backing space reports 27h/07h under DATA PROTECT.
            case DATA_PROTECT -> asc == 0x27 && sense.ascq() == 0x07 ? NbdError.ENOSPC : NbdError.EPERM;
            case VOLUME_OVERFLOW -> NbdError.ENOSPC;
            default -> NbdError.EIO; // NOT READY, MEDIUM/HARDWARE ERROR, UNIT ATTENTION, ABORTED COMMAND, ...
        };
    }

    /**
     * {@code failure} as the exception the NBD server reports, with a message naming the operation. A MEDIUM ERROR
     * or deferred error is logged at ERROR with its LBA: data may be lost.
     */
    public static BlockDeviceException toBlockDeviceException(String operation, Throwable failure) {
        if (failure instanceof BlockDeviceException b) {
            return b;
        }
        NbdError error = errorOf(failure);
        if (failure instanceof CheckConditionException c
                && (c.sense().senseKey() == MEDIUM_ERROR || c.sense().deferred())) {
            LOG.log(System.Logger.Level.ERROR, "{0}: {1}{2}", operation, c.sense(),
                    c.sense().information().isPresent() ? "" : " (no LBA reported)");
        }
        String why = failure instanceof IOException || failure.getMessage() != null
                ? failure.getMessage() : failure.toString();
        return new BlockDeviceException(error, operation + ": " + why, failure);
    }
}
