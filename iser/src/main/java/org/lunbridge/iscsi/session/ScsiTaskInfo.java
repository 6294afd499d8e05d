package org.lunbridge.iscsi.session;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A view of a task the connection lost, for the recovery layer to replay (ERL0: the outcome at the target is
 * unknown, RFC 7143 §7.1.1).
 *
 * @param sent    whether the command reached the writer (it may or may not have reached the target)
 * @param dataIn  the caller's read buffer (a duplicate: same content, own position), to replay into
 * @param dataOut the caller's write buffer (a read-only duplicate), to replay from
 */
public record ScsiTaskInfo(int itt, int cmdSn, int lun, byte[] cdb, int expectedLength, boolean write,
                           boolean sent, Optional<ByteBuffer> dataIn, Optional<ByteBuffer> dataOut) {
    static ScsiTaskInfo of(ScsiTask t) {
        return new ScsiTaskInfo(t.itt, t.cmdSn, t.lun.number(), t.cdb.clone(), t.expectedLength, t.isWrite(),
                t.sent, Optional.ofNullable(t.dataIn).map(ByteBuffer::duplicate),
                Optional.ofNullable(t.dataOut).map(b -> b.asReadOnlyBuffer()));
    }

    @Override
    public byte[] cdb() {
        return cdb.clone();
    }
}
