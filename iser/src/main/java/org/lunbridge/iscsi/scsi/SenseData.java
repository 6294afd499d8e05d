package org.lunbridge.iscsi.scsi;

import static org.lunbridge.iscsi.scsi.ScsiConstants.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decoded sense data, fixed (70h/71h) or descriptor (72h/73h) format (SPC-4 §4.5).
 *
 * <p>The transport strips its own framing first (iSCSI prefixes a 2-byte SenseLength, RFC 7143 §11.4.7.2).
 *
 * @param responseCode 70h..73h
 * @param senseKey SENSE KEY, 0..15
 * @param asc ADDITIONAL SENSE CODE (0 when the data was truncated before it)
 * @param ascq ADDITIONAL SENSE CODE QUALIFIER (0 when truncated)
 * @param information INFORMATION, present only when marked valid (for media and range errors: the first
 *     failing LBA)
 * @param commandSpecificInformation COMMAND-SPECIFIC INFORMATION when present and non-zero
 * @param senseKeySpecific the SENSE KEY SPECIFIC field when SKSV is set
 * @param incorrectLengthIndicator ILI
 * @param descriptors the descriptors of descriptor-format sense data (empty for fixed format)
 */
public record SenseData(int responseCode, int senseKey, int asc, int ascq, OptionalLong information,
                        OptionalLong commandSpecificInformation, Optional<SenseKeySpecific> senseKeySpecific,
                        boolean incorrectLengthIndicator, List<SenseDescriptor> descriptors) {
    public SenseData {
        if (responseCode < SENSE_FIXED_CURRENT || responseCode > SENSE_DESCRIPTOR_DEFERRED) {
            throw new IllegalArgumentException(String.format("responseCode: 0x%02X (expected: 0x70..0x73)",
                    responseCode));
        }
        PrimaryCommands.checkRange("senseKey", senseKey, 0, 15);
        PrimaryCommands.checkRange("asc", asc, 0, 0xFF);
        PrimaryCommands.checkRange("ascq", ascq, 0, 0xFF);
        descriptors = List.copyOf(descriptors);
    }

    /** Current fixed-format sense with only key, ASC and ASCQ, e.g. for synthesised errors and tests. */
    public static SenseData of(int senseKey, int asc, int ascq) {
        return new SenseData(SENSE_FIXED_CURRENT, senseKey, asc, ascq, OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), false, List.of());
    }

    /** Deferred errors (71h/73h) report a failure of an earlier command, not of the one that got them. */
    public boolean deferred() {
        return responseCode == SENSE_FIXED_DEFERRED || responseCode == SENSE_DESCRIPTOR_DEFERRED;
    }

    public boolean descriptorFormat() {
        return responseCode >= SENSE_DESCRIPTOR_CURRENT;
    }

    /** The ASC/ASCQ pair, if lunbridge knows it. */
    public Optional<AdditionalSense> additionalSense() {
        return AdditionalSense.of(asc, ascq);
    }

    /** True when the ASC/ASCQ pair is {@code pair}. */
    public boolean is(AdditionalSense pair) {
        return asc == pair.asc() && ascq == pair.ascq();
    }

    /** Human text of the ASC/ASCQ pair. */
    public String additionalSenseName() {
        return AdditionalSense.nameOf(asc, ascq);
    }

    /** E.g. {@code "ILLEGAL REQUEST: LOGICAL BLOCK ADDRESS OUT OF RANGE (0x21/0x00) at LBA 123"}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (deferred()) {
            s.append("deferred ");
        }
        s.append(nameOfSenseKey(senseKey)).append(": ").append(additionalSenseName())
                .append(String.format(" (0x%02X/0x%02X)", asc, ascq));
        information.ifPresent(lba -> s.append(" at LBA ").append(Long.toUnsignedString(lba)));
        senseKeySpecific.ifPresent(f -> s.append(", ").append(f));
        return s.toString();
    }

    /**
     * Decodes sense data. Data cut short (by the transport or the target) yields what is present: ASC/ASCQ read
     * as 0 if missing, descriptors end at the last complete one.
     *
     * @throws ScsiDataException if empty, shorter than its format's key fields, or of an unknown response code
     */
    public static SenseData parse(ByteBuffer buffer) throws ScsiDataException {
        byte[] b = Bytes.remaining(buffer);
        if (b.length == 0) {
            throw new ScsiDataException("sense data: empty");
        }
        int responseCode = b[0] & 0x7F;
        return switch (responseCode) {
            case SENSE_FIXED_CURRENT, SENSE_FIXED_DEFERRED -> parseFixed(b, responseCode);
            case SENSE_DESCRIPTOR_CURRENT, SENSE_DESCRIPTOR_DEFERRED -> parseDescriptor(b, responseCode);
            default -> throw new ScsiDataException(String.format(
                    "sense data: response code 0x%02X (expected: 0x70..0x73)", responseCode));
        };
    }

    /*
     * SPC-4 §4.5.3 Fixed format sense data
     * +-------+--------------------------------------------------------+
     * | 0     | VALID(7) | RESPONSE CODE (70h/71h)                     |
     * | 1     | obsolete                                               |
     * | 2     | FILEMARK | EOM | ILI | SDAT_OVFL | SENSE KEY (3..0)    |
     * | 3..6  | INFORMATION                                            |
     * | 7     | ADDITIONAL SENSE LENGTH (n - 7)                        |
     * | 8..11 | COMMAND-SPECIFIC INFORMATION                           |
     * | 12    | ADDITIONAL SENSE CODE                                  |
     * | 13    | ADDITIONAL SENSE CODE QUALIFIER                        |
     * | 14    | FIELD REPLACEABLE UNIT CODE                            |
     * | 15..17| SKSV(7) | SENSE KEY SPECIFIC                           |
     * | 18..n | additional sense bytes                                 |
     * +-------+--------------------------------------------------------+
     */
    private static SenseData parseFixed(byte[] b, int responseCode) throws ScsiDataException {
        if (b.length < 3) {
            throw ScsiDataException.tooShort("fixed sense data", b.length, 3);
        }
        int length = b.length >= 8 ? Math.min(b.length, 8 + Bytes.u8(b, 7)) : b.length;
        int senseKey = b[2] & 0x0F;
        boolean valid = (b[0] & 0x80) != 0;
        OptionalLong information = valid && length >= 7 ? OptionalLong.of(Bytes.u32(b, 3)) : OptionalLong.empty();
        long csi = Bytes.u32OrZero(b, length, 8);
        Optional<SenseKeySpecific> sks = length >= 18 && (b[15] & 0x80) != 0
                ? Optional.of(new SenseKeySpecific(senseKey, Bytes.u24(b, 15))) : Optional.empty();
        return new SenseData(responseCode, senseKey, Bytes.u8OrZero(b, length, 12), Bytes.u8OrZero(b, length, 13),
                information, csi != 0 ? OptionalLong.of(csi) : OptionalLong.empty(), sks, (b[2] & 0x20) != 0,
                List.of());
    }

    /*
     * SPC-4 §4.5.2 Descriptor format sense data
     * +------+-----------------------------------------+
     * | 0    | reserved(7) | RESPONSE CODE (72h/73h)   |
     * | 1    | reserved    | SENSE KEY (3..0)          |
     * | 2    | ADDITIONAL SENSE CODE                   |
     * | 3    | ADDITIONAL SENSE CODE QUALIFIER         |
     * | 4    | SDAT_OVFL(7) | reserved                 |
     * | 5..6 | reserved                                |
     * | 7    | ADDITIONAL SENSE LENGTH (n - 7)         |
     * | 8..n | sense data descriptors                  |
     * +------+-----------------------------------------+
     */
    private static SenseData parseDescriptor(byte[] b, int responseCode) throws ScsiDataException {
        if (b.length < 4) {
            throw ScsiDataException.tooShort("descriptor sense data", b.length, 4);
        }
        int senseKey = b[1] & 0x0F;
        int length = b.length >= 8 ? Math.min(b.length, 8 + Bytes.u8(b, 7)) : b.length;
        List<SenseDescriptor> descriptors = new ArrayList<>();
        OptionalLong information = OptionalLong.empty();
        OptionalLong csi = OptionalLong.empty();
        Optional<SenseKeySpecific> sks = Optional.empty();
        boolean ili = false;
        int off = 8;
        while (off + 2 <= length) {
            int type = Bytes.u8(b, off);
            int end = off + 2 + Bytes.u8(b, off + 1);
            if (end > length) {
                break; // truncated descriptor: keep the complete ones
            }
            SenseDescriptor d = descriptor(b, off, end, type, senseKey);
            descriptors.add(d);
            switch (d) {
                case SenseDescriptor.Information i when i.valid() -> information = OptionalLong.of(i.information());
                case SenseDescriptor.CommandSpecificInformation c -> csi = OptionalLong.of(c.information());
                case SenseDescriptor.SenseKeySpecificDescriptor k -> sks = Optional.of(k.field());
                case SenseDescriptor.BlockCommands bc -> ili = bc.incorrectLengthIndicator();
                default -> { }
            }
            off = end;
        }
        return new SenseData(responseCode, senseKey, Bytes.u8(b, 2), Bytes.u8(b, 3), information, csi, sks, ili,
                descriptors);
    }

    private static SenseDescriptor descriptor(byte[] b, int off, int end, int type, int senseKey) {
        int len = end - off;
        if (type == 0x00 && len >= 12) {
            return new SenseDescriptor.Information((b[off + 2] & 0x80) != 0, Bytes.u64(b, off + 4));
        }
        if (type == 0x01 && len >= 12) {
            return new SenseDescriptor.CommandSpecificInformation(Bytes.u64(b, off + 4));
        }
        if (type == 0x02 && len >= 7 && (b[off + 4] & 0x80) != 0) {
            return new SenseDescriptor.SenseKeySpecificDescriptor(
                    new SenseKeySpecific(senseKey, Bytes.u24(b, off + 4)));
        }
        if (type == 0x03 && len >= 4) {
            return new SenseDescriptor.FieldReplaceableUnit(Bytes.u8(b, off + 3));
        }
        if (type == 0x05 && len >= 4) {
            return new SenseDescriptor.BlockCommands((b[off + 3] & 0x20) != 0);
        }
        return new SenseDescriptor.Other(type, java.util.Arrays.copyOfRange(b, off, end));
    }
}
