package org.lunbridge.iscsi.session;

/**
 * A read-only view of a task the connection lost, for the recovery layer to replay (ERL0: the outcome at the target
 * is unknown, RFC 7143 §7.1.1).
 *
 * @param sent whether the command reached the writer (it may or may not have reached the target)
 */
public record ScsiTaskInfo(int itt, int cmdSn, int lun, byte[] cdb, int expectedLength, boolean write,
                           boolean sent) {
    static ScsiTaskInfo of(ScsiTask t) {
        return new ScsiTaskInfo(t.itt, t.cmdSn, t.lun.number(), t.cdb.clone(), t.expectedLength, t.isWrite(),
                t.sent);
    }
}
