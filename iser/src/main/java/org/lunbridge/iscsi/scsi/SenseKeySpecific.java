package org.lunbridge.iscsi.scsi;

/**
 * The 3-byte SENSE KEY SPECIFIC field (SPC-4 §4.5.2.4), present when SKSV is set. Its meaning depends on the
 * sense key: a field pointer for ILLEGAL REQUEST, a progress indication for NOT READY and NO SENSE.
 *
 * <pre>
 * byte 0: SKSV(7) | C/D(6) | reserved | BPV(3) | BIT POINTER(2..0)     (field pointer form)
 * byte 1..2: FIELD POINTER, or PROGRESS INDICATION (n / 65536 done)
 * </pre>
 *
 * @param senseKey the sense key the field belongs to
 * @param bits the three bytes as a 24-bit number (SKSV included)
 */
public record SenseKeySpecific(int senseKey, int bits) {
    /** True: the field pointer designates a CDB byte; false: a parameter list byte (C/D bit). */
    public boolean commandData() {
        return (bits & 0x40_0000) != 0;
    }

    /** BPV: the bit pointer is valid. */
    public boolean bitPointerValid() {
        return (bits & 0x08_0000) != 0;
    }

    public int bitPointer() {
        return (bits >>> 16) & 0x7;
    }

    /** FIELD POINTER or PROGRESS INDICATION, bytes 1..2. */
    public int fieldPointer() {
        return bits & 0xFFFF;
    }

    /** Progress as a fraction 0..1 (SPC-4 §4.5.2.4.3: PROGRESS INDICATION / 65536). */
    public double progress() {
        return (bits & 0xFFFF) / 65536.0;
    }

    @Override
    public String toString() {
        return switch (senseKey) {
            case ScsiConstants.ILLEGAL_REQUEST -> (commandData() ? "CDB" : "parameter list") + " byte "
                    + fieldPointer() + (bitPointerValid() ? " bit " + bitPointer() : "");
            case ScsiConstants.NOT_READY, ScsiConstants.NO_SENSE ->
                    String.format("progress %.1f%%", progress() * 100);
            default -> String.format("sense key specific 0x%06X", bits);
        };
    }
}
