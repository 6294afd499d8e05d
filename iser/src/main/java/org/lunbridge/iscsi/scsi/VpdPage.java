package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A vital product data page returned by INQUIRY with EVPD=1. Every page starts with the same header
 * (SPC-4 "Vital product data parameters"):
 * <pre>
 * | 0    | PERIPHERAL QUALIFIER (7..5) | PERIPHERAL DEVICE TYPE (4..0) |
 * | 1    | PAGE CODE                                                   |
 * | 2..3 | PAGE LENGTH (n - 3)                                         |
 * </pre>
 * Pages cut short by the allocation length are decoded as far as they go; {@link #fullLength()} tells how much
 * to ask for to get all of it.
 */
public sealed interface VpdPage permits VpdPage.SupportedPages, VpdPage.UnitSerialNumber, DeviceIdentification,
        BlockLimits, VpdPage.BlockDeviceCharacteristics, VpdPage.LogicalBlockProvisioning, VpdPage.Unknown {
    /** The VPD header's size. */
    int HEADER_LENGTH = 4;

    int pageCode();

    /** PAGE LENGTH as the device reported it (may exceed the bytes received). */
    int pageLength();

    /** The size of the whole page: PAGE LENGTH + 4. */
    default int fullLength() {
        return pageLength() + HEADER_LENGTH;
    }

    /** The whole page's length from its header, to size a second INQUIRY. */
    static int fullLength(ByteBuffer page) throws ScsiDataException {
        byte[] b = Bytes.remaining(page);
        if (b.length < HEADER_LENGTH) {
            throw ScsiDataException.tooShort("VPD page header", b.length, HEADER_LENGTH);
        }
        return Bytes.u16(b, 2) + HEADER_LENGTH;
    }

    /** Decodes any VPD page by its PAGE CODE; pages lunbridge does not interpret become {@link Unknown}. */
    static VpdPage parse(ByteBuffer page) throws ScsiDataException {
        byte[] b = Bytes.remaining(page);
        if (b.length < HEADER_LENGTH) {
            throw ScsiDataException.tooShort("VPD page header", b.length, HEADER_LENGTH);
        }
        return switch (Bytes.u8(b, 1)) {
            case ScsiConstants.VPD_SUPPORTED_PAGES -> SupportedPages.parse(page);
            case ScsiConstants.VPD_UNIT_SERIAL_NUMBER -> UnitSerialNumber.parse(page);
            case ScsiConstants.VPD_DEVICE_IDENTIFICATION -> DeviceIdentification.parse(page);
            case ScsiConstants.VPD_BLOCK_LIMITS -> BlockLimits.parse(page);
            case ScsiConstants.VPD_BLOCK_DEVICE_CHARACTERISTICS -> BlockDeviceCharacteristics.parse(page);
            case ScsiConstants.VPD_LOGICAL_BLOCK_PROVISIONING -> LogicalBlockProvisioning.parse(page);
            default -> new Unknown(Bytes.u8(b, 1), Bytes.u16(b, 2),
                    Arrays.copyOfRange(b, HEADER_LENGTH, Math.min(b.length, HEADER_LENGTH + Bytes.u16(b, 2))));
        };
    }

    /**
     * Checks the header and returns the page bytes limited to what is both present and inside PAGE LENGTH.
     * Package-private helper of the page parsers.
     */
    static byte[] body(ByteBuffer page, int expectedPageCode) throws ScsiDataException {
        byte[] b = Bytes.remaining(page);
        String name = ScsiConstants.nameOfVpdPage(expectedPageCode) + " VPD page";
        if (b.length < HEADER_LENGTH) {
            throw ScsiDataException.tooShort(name, b.length, HEADER_LENGTH);
        }
        if (Bytes.u8(b, 1) != expectedPageCode) {
            throw new ScsiDataException(String.format("%s: page code 0x%02X (expected: 0x%02X)", name,
                    Bytes.u8(b, 1), expectedPageCode));
        }
        int length = Math.min(b.length, HEADER_LENGTH + Bytes.u16(b, 2));
        return length == b.length ? b : Arrays.copyOf(b, length);
    }

    /** SPC-4 Supported VPD Pages (00h): one page code per byte from byte 4. */
    record SupportedPages(int pageLength, List<Integer> pageCodes) implements VpdPage {
        public SupportedPages {
            pageCodes = List.copyOf(pageCodes);
        }

        public int pageCode() {
            return ScsiConstants.VPD_SUPPORTED_PAGES;
        }

        public boolean supports(int pageCode) {
            return pageCodes.contains(pageCode);
        }

        public static SupportedPages parse(ByteBuffer page) throws ScsiDataException {
            byte[] b = body(page, ScsiConstants.VPD_SUPPORTED_PAGES);
            List<Integer> codes = new ArrayList<>();
            for (int i = HEADER_LENGTH; i < b.length; i++) {
                codes.add(Bytes.u8(b, i));
            }
            return new SupportedPages(Bytes.u16(b, 2), codes);
        }
    }

    /**
     * SPC-4 Unit Serial Number (80h): PRODUCT SERIAL NUMBER, ASCII from byte 4.
     *
     * @param serialNumber with leading and trailing spaces removed (tgt right-aligns it with leading spaces)
     */
    record UnitSerialNumber(int pageLength, String serialNumber) implements VpdPage {
        public int pageCode() {
            return ScsiConstants.VPD_UNIT_SERIAL_NUMBER;
        }

        public static UnitSerialNumber parse(ByteBuffer page) throws ScsiDataException {
            byte[] b = body(page, ScsiConstants.VPD_UNIT_SERIAL_NUMBER);
            return new UnitSerialNumber(Bytes.u16(b, 2), Bytes.ascii(b, HEADER_LENGTH, b.length).strip());
        }
    }

    /**
     * SBC-4 Block Device Characteristics VPD page (B1h).
     * <pre>
     * | 4..5 | MEDIUM ROTATION RATE (0 not reported, 1 non-rotating, else rpm)        |
     * | 6    | PRODUCT TYPE                                                          |
     * | 7    | WABEREQ (7..6) | WACEREQ (5..4) | NOMINAL FORM FACTOR (3..0)           |
     * | 8    | reserved | ZONED (5..4) | reserved | FUAB (1) | VBULS (0)              |
     * </pre>
     * Fields past the received bytes read as 0 ("not reported").
     */
    record BlockDeviceCharacteristics(int pageLength, int mediumRotationRate, int productType,
                                      int nominalFormFactor, int zoned, boolean fuab, boolean vbuls)
            implements VpdPage {
        public int pageCode() {
            return ScsiConstants.VPD_BLOCK_DEVICE_CHARACTERISTICS;
        }

        /** MEDIUM ROTATION RATE 0001h: a solid-state device. */
        public boolean nonRotating() {
            return mediumRotationRate == 1;
        }

        /** True when the device reports spinning media (0401h..FFFEh rpm). */
        public boolean rotating() {
            return mediumRotationRate >= 0x0401 && mediumRotationRate <= 0xFFFE;
        }

        public static BlockDeviceCharacteristics parse(ByteBuffer page) throws ScsiDataException {
            byte[] b = body(page, ScsiConstants.VPD_BLOCK_DEVICE_CHARACTERISTICS);
            int n = b.length;
            int b8 = Bytes.u8OrZero(b, n, 8);
            return new BlockDeviceCharacteristics(Bytes.u16(b, 2), Bytes.u16OrZero(b, n, 4),
                    Bytes.u8OrZero(b, n, 6), Bytes.u8OrZero(b, n, 7) & 0x0F, (b8 >>> 4) & 0x3,
                    (b8 & 0x02) != 0, (b8 & 0x01) != 0);
        }
    }

    /**
     * SBC-4 Logical Block Provisioning VPD page (B2h).
     * <pre>
     * | 4 | THRESHOLD EXPONENT                                                            |
     * | 5 | LBPU(7) | LBPWS(6) | LBPWS10(5) | LBPRZ(4..2) | ANC_SUP(1) | DP(0)            |
     * | 6 | MINIMUM PERCENTAGE (7..3) | PROVISIONING TYPE (2..0)                           |
     * | 7 | THRESHOLD PERCENTAGE                                                          |
     * </pre>
     * LBPRZ was one bit (bit 2) in SBC-3; SBC-4 widened it to bits 4..2 with 001b meaning "reads zeros",
     * so the 3-bit read is compatible with both.
     *
     * @param lbpu UNMAP is supported
     * @param lbpws WRITE SAME(16) with UNMAP is supported
     * @param lbpws10 WRITE SAME(10) with UNMAP is supported
     * @param lbprz 0: unmapped blocks read anything; 1: zeros; 2: the provisioning initialization pattern
     * @param provisioningType 0 not reported / fully provisioned, 1 resource provisioned, 2 thin provisioned
     */
    record LogicalBlockProvisioning(int pageLength, int thresholdExponent, boolean lbpu, boolean lbpws,
                                    boolean lbpws10, int lbprz, boolean anchorSupported,
                                    boolean descriptorPresent, int minimumPercentage, int provisioningType,
                                    int thresholdPercentage) implements VpdPage {
        public static final int PROVISIONING_FULL = 0;
        public static final int PROVISIONING_RESOURCE = 1;
        public static final int PROVISIONING_THIN = 2;

        public int pageCode() {
            return ScsiConstants.VPD_LOGICAL_BLOCK_PROVISIONING;
        }

        /** True when reads of deallocated blocks return zeros (LBPRZ = 001b). */
        public boolean unmappedReadsZeroes() {
            return lbprz == 1;
        }

        public static LogicalBlockProvisioning parse(ByteBuffer page) throws ScsiDataException {
            byte[] b = body(page, ScsiConstants.VPD_LOGICAL_BLOCK_PROVISIONING);
            int n = b.length;
            int b5 = Bytes.u8OrZero(b, n, 5);
            int b6 = Bytes.u8OrZero(b, n, 6);
            return new LogicalBlockProvisioning(Bytes.u16(b, 2), Bytes.u8OrZero(b, n, 4), (b5 & 0x80) != 0,
                    (b5 & 0x40) != 0, (b5 & 0x20) != 0, (b5 >>> 2) & 0x7, (b5 & 0x02) != 0, (b5 & 0x01) != 0,
                    b6 >>> 3, b6 & 0x7, Bytes.u8OrZero(b, n, 7));
        }
    }

    /** A page lunbridge does not interpret; {@code body} is the bytes after the header that were received. */
    record Unknown(int pageCode, int pageLength, byte[] body) implements VpdPage {
        public Unknown {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.pageCode == pageCode && u.pageLength == pageLength
                    && Arrays.equals(u.body, body);
        }

        @Override
        public int hashCode() {
            return pageCode * 31 + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return String.format("Unknown[pageCode=0x%02X, pageLength=%d, body=%s]", pageCode, pageLength,
                    HexFormat.of().formatHex(body));
        }
    }
}
