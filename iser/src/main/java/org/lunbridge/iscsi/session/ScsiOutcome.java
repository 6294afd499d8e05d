package org.lunbridge.iscsi.session;

import java.util.Optional;
import org.lunbridge.iscsi.scsi.CheckConditionException;
import org.lunbridge.iscsi.scsi.ScsiDataException;
import org.lunbridge.iscsi.scsi.ScsiStatusException;
import org.lunbridge.iscsi.scsi.SenseData;

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

    /**
     * Status CHECK CONDITION with its sense data (SPC-4 §4.5); empty if the target sent none or it was malformed
     * (then {@link #throwIfNotGood} reports the bare status).
     */
    record CheckCondition(Optional<SenseData> sense, int residualCount, boolean underflow, boolean overflow)
            implements ScsiOutcome {}

    /** Parses sense bytes; malformed or empty sense gives empty rather than a made-up key. */
    static Optional<SenseData> parseSense(java.nio.ByteBuffer sense) {
        if (!sense.hasRemaining()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SenseData.parse(sense.duplicate()));
        } catch (ScsiDataException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns normally only for GOOD; CHECK CONDITION becomes {@link CheckConditionException} with the sense, any
     * other status {@link ScsiStatusException} (the scsi package's typed errors).
     */
    default void throwIfNotGood(String command) throws ScsiStatusException {
        switch (this) {
            case Good g -> { }
            case CheckCondition c -> {
                if (c.sense().isPresent()) {
                    throw new CheckConditionException(command, c.sense().get());
                }
                throw new ScsiStatusException(SAM_CHECK_CONDITION, command);
            }
            case OtherStatus o -> throw new ScsiStatusException(o.status(), command);
        }
    }

    /** Any other SAM status (BUSY 0x08, RESERVATION CONFLICT 0x18, TASK SET FULL 0x28, ...). */
    record OtherStatus(int status, int residualCount, boolean underflow, boolean overflow) implements ScsiOutcome {}
}
