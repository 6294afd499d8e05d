package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * SPC-4 Device Identification VPD page (83h): a list of designation descriptors.
 *
 * <pre>
 * Designation descriptor (SPC-4)
 * | 0    | PROTOCOL IDENTIFIER (7..4) | CODE SET (3..0)                      |
 * | 1    | PIV(7) | reserved | ASSOCIATION (5..4) | DESIGNATOR TYPE (3..0)  |
 * | 2    | reserved                                                        |
 * | 3    | DESIGNATOR LENGTH (n - 3)                                       |
 * | 4..n | DESIGNATOR                                                      |
 * </pre>
 *
 * @param pageLength PAGE LENGTH
 * @param designators the complete descriptors received, in page order
 * @param truncated the page was cut short: ask again with {@link #fullLength()} before trusting
 *     {@link #identity()}
 */
public record DeviceIdentification(int pageLength, List<Designator> designators, boolean truncated)
        implements VpdPage {
    // CODE SET (SPC-4 designation descriptor)
    public static final int CODE_SET_BINARY = 1;
    public static final int CODE_SET_ASCII = 2;
    public static final int CODE_SET_UTF8 = 3;
    // ASSOCIATION
    public static final int ASSOCIATION_LOGICAL_UNIT = 0;
    public static final int ASSOCIATION_TARGET_PORT = 1;
    public static final int ASSOCIATION_TARGET_DEVICE = 2;
    // DESIGNATOR TYPE
    public static final int TYPE_VENDOR_SPECIFIC = 0x0;
    public static final int TYPE_T10_VENDOR_ID = 0x1;
    public static final int TYPE_EUI_64 = 0x2;
    public static final int TYPE_NAA = 0x3;
    public static final int TYPE_RELATIVE_TARGET_PORT = 0x4;
    public static final int TYPE_TARGET_PORT_GROUP = 0x5;
    public static final int TYPE_LOGICAL_UNIT_GROUP = 0x6;
    public static final int TYPE_MD5_LOGICAL_UNIT = 0x7;
    public static final int TYPE_SCSI_NAME_STRING = 0x8;
    public static final int TYPE_PROTOCOL_SPECIFIC_PORT = 0x9;
    public static final int TYPE_UUID = 0xA;

    public DeviceIdentification {
        designators = List.copyOf(designators);
    }

    public int pageCode() {
        return ScsiConstants.VPD_DEVICE_IDENTIFICATION;
    }

    /** One designation descriptor. {@code value} is the DESIGNATOR field. */
    public record Designator(int protocolIdentifier, int codeSet, boolean piv, int association, int designatorType,
                             byte[] value) {
        public Designator {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /**
         * A canonical text form: {@code naa.<hex>}, {@code eui.<hex>}, {@code t10.<ascii>}, the SCSI name string
         * itself (already {@code iqn.}/{@code naa.}/{@code eui.} prefixed per SPC-4 "SCSI name string designator format"), {@code uuid.<hex>},
         * or {@code type<N>.<hex>} for the rest.
         */
        public String text() {
            return switch (designatorType) {
                case TYPE_NAA -> "naa." + hex();
                case TYPE_EUI_64 -> "eui." + hex();
                case TYPE_T10_VENDOR_ID -> "t10." + printable();
                case TYPE_SCSI_NAME_STRING -> printable();
                case TYPE_UUID -> "uuid." + hex();
                default -> "type" + designatorType + "." + hex();
            };
        }

        /** For NAA designators, the NAA field (high nibble of byte 0): 2, 3, 5 or 6. */
        public int naa() {
            return value.length > 0 ? (value[0] & 0xF0) >>> 4 : -1;
        }

        private String hex() {
            return HexFormat.of().formatHex(value);
        }

        private String printable() {
            // SPC-4 SCSI name string designator: SCSI name strings are null-terminated and null-padded.
            int end = value.length;
            while (end > 0 && (value[end - 1] == 0 || value[end - 1] == ' ')) {
                end--;
            }
            return codeSet == CODE_SET_BINARY ? hex()
                    : new String(value, 0, end, codeSet == CODE_SET_UTF8 ? StandardCharsets.UTF_8
                    : StandardCharsets.US_ASCII);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Designator d && d.protocolIdentifier == protocolIdentifier && d.codeSet == codeSet
                    && d.piv == piv && d.association == association && d.designatorType == designatorType
                    && Arrays.equals(d.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value) * 31 + designatorType;
        }

        @Override
        public String toString() {
            return "Designator[association=" + association + ", type=" + designatorType + ", codeSet=" + codeSet
                    + ", " + text() + "]";
        }
    }

    /** The designators associated with the logical unit itself (ASSOCIATION 0), in page order. */
    public List<Designator> logicalUnitDesignators() {
        return designators.stream().filter(d -> d.association == ASSOCIATION_LOGICAL_UNIT).toList();
    }

    /**
     * A stable name of the logical unit for reconnect checks: the text of its best logical-unit designator.
     * Preference follows how globally unique SPC-4 makes each type: NAA IEEE Registered Extended (6), NAA IEEE
     * Registered (5), NAA IEEE Extended (2), EUI-64, SCSI name string, UUID, NAA Locally Assigned (3), T10
     * vendor ID, MD5, then anything else. Among equals the first in page order wins.
     */
    public Optional<String> identity() {
        return logicalUnitDesignators().stream()
                .min(Comparator.comparingInt(DeviceIdentification::rank))
                .map(Designator::text);
    }

    private static int rank(Designator d) {
        return switch (d.designatorType) {
            case TYPE_NAA -> switch (d.naa()) {
                case 6 -> 0;
                case 5 -> 1;
                case 2 -> 2;
                default -> 6;
            };
            case TYPE_EUI_64 -> 3;
            case TYPE_SCSI_NAME_STRING -> 4;
            case TYPE_UUID -> 5;
            case TYPE_T10_VENDOR_ID -> 7;
            case TYPE_MD5_LOGICAL_UNIT -> 8;
            default -> 9;
        };
    }

    /** Decodes the page; a descriptor cut by the end of the data is dropped and {@code truncated} set. */
    public static DeviceIdentification parse(ByteBuffer page) throws ScsiDataException {
        byte[] b = VpdPage.body(page, ScsiConstants.VPD_DEVICE_IDENTIFICATION);
        int pageLength = Bytes.u16(b, 2);
        List<Designator> designators = new ArrayList<>();
        int off = HEADER_LENGTH;
        boolean truncated = b.length < pageLength + HEADER_LENGTH;
        while (off + 4 <= b.length) {
            int end = off + 4 + Bytes.u8(b, off + 3);
            if (end > b.length) {
                truncated = true;
                break;
            }
            designators.add(new Designator((b[off] >>> 4) & 0xF, b[off] & 0xF, (b[off + 1] & 0x80) != 0,
                    (b[off + 1] >>> 4) & 0x3, b[off + 1] & 0xF, Arrays.copyOfRange(b, off + 4, end)));
            off = end;
        }
        if (off < b.length) {
            truncated = true; // a partial descriptor header
        }
        return new DeviceIdentification(pageLength, designators, truncated);
    }
}
