package org.lunbridge.iscsi.session;

import java.nio.ByteBuffer;

/**
 * How a SCSI command ended at the target (SAM-5 §5.3). Never a silent success: callers switch over the family.
 * Residuals (RFC 7143 §11.4.5): {@code residualCount} is meaningful when {@code underflow} or {@code overflow}.
 */
public sealed interface ScsiOutcome {

    int SAM_GOOD = 0x00;
    int SAM_CHECK_CONDITION = 0x02;

    int residualCount();

    boolean underflow();

    boolean overflow();

    /** Bytes actually transferred for an {@code expectedLength}-byte command. */
    default int transferred(int expectedLength) {
        return underflow() ? expectedLength - residualCount() : expectedLength;
    }

    /** Status GOOD. */
    record Good(int residualCount, boolean underflow, boolean overflow) implements ScsiOutcome {}

    /** Status CHECK CONDITION with the sense data (fixed or descriptor format, SPC-4 §4.5), read-only. */
    record CheckCondition(Sense sense, int residualCount, boolean underflow, boolean overflow) implements ScsiOutcome {}

    /** Any other SAM status (BUSY 0x08, RESERVATION CONFLICT 0x18, TASK SET FULL 0x28, ...). */
    record OtherStatus(int status, int residualCount, boolean underflow, boolean overflow) implements ScsiOutcome {}

    /** Key fields of sense data (SPC-4 §4.5.2, §4.5.3); the raw bytes for the scsi package's parser. */
    record Sense(int senseKey, int asc, int ascq, ByteBuffer raw) {
        public static Sense parse(ByteBuffer sense) {
            ByteBuffer s = sense.slice();
            if (s.remaining() < 1) {
                return new Sense(0, 0, 0, s.asReadOnlyBuffer());
            }
            int code = s.get(0) & 0x7f;
            if (code == 0x72 || code == 0x73) {
                return new Sense(at(s, 1) & 0x0f, at(s, 2), at(s, 3), s.asReadOnlyBuffer());
            }
            return new Sense(at(s, 2) & 0x0f, at(s, 12), at(s, 13), s.asReadOnlyBuffer());
        }

        private static int at(ByteBuffer b, int i) {
            return i < b.limit() ? b.get(i) & 0xff : 0;
        }

        @Override
        public String toString() {
            return String.format("Sense[key=0x%x asc=0x%02x ascq=0x%02x]", senseKey, asc, ascq);
        }
    }
}
