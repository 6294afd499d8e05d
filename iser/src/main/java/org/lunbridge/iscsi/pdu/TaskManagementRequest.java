package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.5 SCSI Task Management Function Request.
 * <pre>
 *  0 |.|I| 0x02      |1| Function    | Reserved                      |
 *  4 | TotalAHSLength (MUST be 0)    | DataSegmentLength (MUST be 0) |
 *  8 | Logical Unit Number (LUN) or Reserved                         |
 * 16 | Initiator Task Tag                                            |
 * 20 | Referenced Task Tag or 0xffffffff                             |
 * 24 | CmdSN                                                         |
 * 28 | ExpStatSN                                                     |
 * 32 | RefCmdSN or Reserved                                          |
 * 36 | ExpDataSN or Reserved                                         |
 * 40 | Reserved (8 bytes)                                            |
 * </pre>
 */
public record TaskManagementRequest(boolean immediate, int function, Lun lun, int itt, int referencedTaskTag,
                                    int cmdSn, int expStatSn, int refCmdSn, int expDataSn) implements InitiatorPdu {
    public TaskManagementRequest {
        // §11.5.1: 1-8 are defined; other values are reserved code values.
        Checks.range("Function", function, IscsiConstants.TMF_ABORT_TASK, IscsiConstants.TMF_TASK_REASSIGN);
        Checks.nonNull("LUN", lun);
    }

    /** ABORT TASK for the task {@code referencedTaskTag} issued with {@code refCmdSn} (§11.5.1, §11.5.4). */
    public static TaskManagementRequest abortTask(Lun lun, int itt, int referencedTaskTag, int cmdSn, int expStatSn,
                                                  int refCmdSn) {
        return new TaskManagementRequest(true, IscsiConstants.TMF_ABORT_TASK, lun, itt, referencedTaskTag, cmdSn,
                expStatSn, refCmdSn, 0);
    }

    /** A function without a referenced task (ABORT TASK SET, LOGICAL UNIT RESET, ...): RTT is 0xffffffff. */
    public static TaskManagementRequest of(int function, Lun lun, int itt, int cmdSn, int expStatSn) {
        return new TaskManagementRequest(true, function, lun, itt, IscsiConstants.RESERVED_TAG, cmdSn, expStatSn,
                0, 0);
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_TASK_MANAGEMENT_REQUEST;
    }

    @Override
    public ByteBuffer data() {
        return Checks.EMPTY.duplicate();
    }
}
