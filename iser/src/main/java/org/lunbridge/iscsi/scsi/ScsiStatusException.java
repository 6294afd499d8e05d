package org.lunbridge.iscsi.scsi;

import java.io.IOException;

/**
 * A SCSI command ended with a status other than GOOD or CONDITION MET (SAM-5 "Status"). BUSY, TASK SET FULL,
 * RESERVATION CONFLICT, ACA ACTIVE and TASK ABORTED carry no sense data and arrive as this class; CHECK
 * CONDITION arrives as {@link CheckConditionException}.
 */
public class ScsiStatusException extends IOException {
    private final int status;
    private final String command;

    /**
     * @param status the SAM-5 status byte
     * @param command what was sent, for the message (e.g. {@link Cdb#description()})
     */
    public ScsiStatusException(int status, String command) {
        this(status, command, command + ": " + ScsiConstants.nameOfStatus(status)
                + String.format(" (0x%02X)", status));
    }

    ScsiStatusException(int status, String command, String message) {
        super(message);
        if (status < 0 || status > 0xFF) {
            throw new IllegalArgumentException("status: " + status + " (expected: 0..255)");
        }
        this.status = status;
        this.command = command;
    }

    /**
     * The exception for a completed command's status, for the session layer: CHECK CONDITION with sense data
     * becomes a {@link CheckConditionException}; any other non-GOOD status (or CHECK CONDITION whose sense data
     * was missing) a plain {@code ScsiStatusException}.
     *
     * @throws IllegalArgumentException for GOOD and CONDITION MET, which are not failures
     */
    public static ScsiStatusException of(int status, String command, java.util.Optional<SenseData> sense) {
        if (status == ScsiConstants.GOOD || status == ScsiConstants.CONDITION_MET) {
            throw new IllegalArgumentException("status " + ScsiConstants.nameOfStatus(status) + " is not a failure");
        }
        if (status == ScsiConstants.CHECK_CONDITION && sense.isPresent()) {
            return new CheckConditionException(command, sense.get());
        }
        return new ScsiStatusException(status, command);
    }

    /** The SAM-5 status byte. */
    public int status() {
        return status;
    }

    /** The command's description. */
    public String command() {
        return command;
    }

    /** BUSY, TASK SET FULL: the target asks to retry later (SAM-5 "Status codes"). */
    public boolean isRetryableLater() {
        return status == ScsiConstants.BUSY || status == ScsiConstants.TASK_SET_FULL;
    }
}
