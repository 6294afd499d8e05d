package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard INQUIRY data (SPC-4 §6.6.2).
 *
 * <pre>
 * +--------+---------------------------------------------------------------+
 * | 0      | PERIPHERAL QUALIFIER (7..5) | PERIPHERAL DEVICE TYPE (4..0)    |
 * | 1      | RMB(7) | LU_CONG(6) | reserved                                 |
 * | 2      | VERSION                                                       |
 * | 3      | obsolete | NORMACA(5) | HISUP(4) | RESPONSE DATA FORMAT(3..0)  |
 * | 4      | ADDITIONAL LENGTH (n - 4)                                     |
 * | 5      | SCCS(7) | ACC(6) | TPGS(5..4) | 3PC(3) | reserved | PROTECT(0) |
 * | 6      | obsolete | ENCSERV(6) | VS(5) | MULTIP(4) | obsolete           |
 * | 7      | obsolete | CMDQUE(1) | VS(0)                                  |
 * | 8..15  | T10 VENDOR IDENTIFICATION (ASCII)                             |
 * | 16..31 | PRODUCT IDENTIFICATION (ASCII)                                |
 * | 32..35 | PRODUCT REVISION LEVEL (ASCII)                                |
 * | 58..73 | VERSION DESCRIPTOR 1..8 (2 bytes each)                        |
 * +--------+---------------------------------------------------------------+
 * </pre>
 *
 * @param peripheralQualifier 0: a logical unit is connected; 1: supported but not connected; 3: not supported
 * @param peripheralDeviceType see {@link ScsiConstants#nameOfDeviceType}
 * @param removable RMB
 * @param version VERSION (5 = SPC-3, 6 = SPC-4, 7 = SPC-5)
 * @param responseDataFormat 2 for every modern device
 * @param additionalLength ADDITIONAL LENGTH: the full data is {@code additionalLength + 5} bytes
 * @param tpgs TPGS: asymmetric logical unit access support (0 none)
 * @param protect PROTECT: the logical unit supports protection information
 * @param multiPort MULTIP
 * @param commandQueuing CMDQUE
 * @param vendor T10 VENDOR IDENTIFICATION, trailing spaces removed
 * @param product PRODUCT IDENTIFICATION, trailing spaces removed
 * @param revision PRODUCT REVISION LEVEL, trailing spaces removed
 * @param versionDescriptors non-zero VERSION DESCRIPTORs present in the data
 */
public record StandardInquiry(int peripheralQualifier, int peripheralDeviceType, boolean removable, int version,
                              int responseDataFormat, int additionalLength, int tpgs, boolean protect,
                              boolean multiPort, boolean commandQueuing, String vendor, String product,
                              String revision, List<Integer> versionDescriptors) {
    /** Bytes up to and including PRODUCT REVISION LEVEL; SPC-4 requires at least these 36. */
    public static final int MINIMUM_LENGTH = 36;

    public StandardInquiry {
        versionDescriptors = List.copyOf(versionDescriptors);
    }

    /** True when the LU is a connected direct-access block device, the only kind lunbridge exports. */
    public boolean isConnectedBlockDevice() {
        return peripheralQualifier == 0 && peripheralDeviceType == ScsiConstants.TYPE_DIRECT_ACCESS_BLOCK;
    }

    /** The full length of the INQUIRY data (ADDITIONAL LENGTH + 5); ask again with this if more is needed. */
    public int fullLength() {
        return additionalLength + 5;
    }

    /**
     * Decodes standard INQUIRY data; version descriptors beyond the returned bytes are omitted.
     *
     * @throws ScsiDataException if fewer than 36 bytes are present
     */
    public static StandardInquiry parse(ByteBuffer buffer) throws ScsiDataException {
        byte[] b = Bytes.remaining(buffer);
        if (b.length < MINIMUM_LENGTH) {
            throw ScsiDataException.tooShort("standard INQUIRY data", b.length, MINIMUM_LENGTH);
        }
        int additionalLength = Bytes.u8(b, 4);
        int length = Math.min(b.length, additionalLength + 5);
        List<Integer> descriptors = new ArrayList<>();
        for (int off = 58; off + 2 <= Math.min(length, 74); off += 2) {
            int d = Bytes.u16(b, off);
            if (d != 0) {
                descriptors.add(d);
            }
        }
        return new StandardInquiry((b[0] >>> 5) & 0x7, b[0] & 0x1F, Bytes.bit(b, 1, 7), Bytes.u8(b, 2),
                b[3] & 0x0F, additionalLength, (b[5] >>> 4) & 0x3, Bytes.bit(b, 5, 0), Bytes.bit(b, 6, 4),
                Bytes.bit(b, 7, 1), Bytes.ascii(b, 8, 8), Bytes.ascii(b, 16, 16), Bytes.ascii(b, 32, 4),
                descriptors);
    }
}
