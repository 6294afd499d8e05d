package org.lunbridge.iscsi.session;

import org.lunbridge.iscsi.pdu.IscsiConstants;

/** The target answered the task's PDU with a Reject (RFC 7143 §11.17), or a SCSI Response with iSCSI Response
 * "Target Failure" (§11.4.3). */
public final class TaskRejectedException extends IscsiSessionException {

    private final int reason;

    public TaskRejectedException(int reason, String message) {
        super(message, null);
        this.reason = reason;
    }

    /** The Reject reason code (IscsiConstants.REJECT_*), or -1 for a SCSI Response with Response != 0. */
    public int reason() {
        return reason;
    }

    static String describe(int reason) {
        return switch (reason) {
            case IscsiConstants.REJECT_DATA_DIGEST_ERROR -> "Data (payload) Digest Error";
            case IscsiConstants.REJECT_PROTOCOL_ERROR -> "Protocol Error";
            case IscsiConstants.REJECT_COMMAND_NOT_SUPPORTED -> "Command not supported";
            case IscsiConstants.REJECT_IMMEDIATE_COMMAND_REJECT -> "Immediate command reject - too many";
            case IscsiConstants.REJECT_TASK_IN_PROGRESS -> "Task in progress";
            case IscsiConstants.REJECT_INVALID_PDU_FIELD -> "Invalid PDU field";
            case IscsiConstants.REJECT_LONG_OPERATION_REJECT -> "Long operation reject";
            case IscsiConstants.REJECT_WAITING_FOR_LOGOUT -> "Waiting for Logout";
            default -> "reason 0x" + Integer.toHexString(reason);
        };
    }
}
