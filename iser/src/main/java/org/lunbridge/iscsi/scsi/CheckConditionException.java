package org.lunbridge.iscsi.scsi;

/** A SCSI command ended with CHECK CONDITION; the sense data says why (SPC-4 §4.5). */
public final class CheckConditionException extends ScsiStatusException {
    private final transient SenseData sense;

    public CheckConditionException(String command, SenseData sense) {
        super(ScsiConstants.CHECK_CONDITION, command, command + ": CHECK CONDITION, " + sense);
        this.sense = sense;
    }

    public SenseData sense() {
        return sense;
    }
}
