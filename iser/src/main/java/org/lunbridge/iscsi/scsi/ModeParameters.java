package org.lunbridge.iscsi.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * MODE SENSE parameter data: header, block descriptors (skipped) and mode pages (SPC-4 "Mode parameter list format" and "Mode parameter header formats").
 *
 * <pre>
 * Mode parameter header(6)                 Mode parameter header(10)
 * | 0 | MODE DATA LENGTH (n - 1)   |       | 0..1 | MODE DATA LENGTH (n - 2)          |
 * | 1 | MEDIUM TYPE                |       | 2    | MEDIUM TYPE                       |
 * | 2 | DEVICE-SPECIFIC PARAMETER  |       | 3    | DEVICE-SPECIFIC PARAMETER         |
 * | 3 | BLOCK DESCRIPTOR LENGTH    |       | 4    | reserved | LONGLBA (0)            |
 *                                          | 5    | reserved                          |
 *                                          | 6..7 | BLOCK DESCRIPTOR LENGTH           |
 * SBC-4 device-specific parameter: WP (7) | reserved | DPOFUA (4) | reserved
 * </pre>
 *
 * @param modeDataLength MODE DATA LENGTH as reported; the whole data is this + 1 (6) or + 2 (10) bytes
 * @param mediumType MEDIUM TYPE
 * @param writeProtected WP: the medium is write-protected, writes will fail with DATA PROTECT
 * @param dpoFua DPOFUA: the device honours DPO and FUA bits (so FUA writes are meaningful)
 * @param blockDescriptorLength BLOCK DESCRIPTOR LENGTH
 * @param pages the complete mode pages received, in order
 */
public record ModeParameters(int modeDataLength, int mediumType, boolean writeProtected, boolean dpoFua,
                             int blockDescriptorLength, List<ModePage> pages) {
    public ModeParameters {
        pages = List.copyOf(pages);
    }

    /**
     * A mode page (SPC-4 "Mode page format and page codes"): byte 0 PS (7) | SPF (6) | PAGE CODE (5..0), then byte 1 PAGE LENGTH (page_0
     * format) or byte 1 SUBPAGE CODE and bytes 2..3 PAGE LENGTH (sub_page format).
     *
     * @param parameters the bytes after the page header
     */
    public record ModePage(int pageCode, int subpageCode, byte[] parameters) {
        public ModePage {
            parameters = parameters.clone();
        }

        @Override
        public byte[] parameters() {
            return parameters.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ModePage p && p.pageCode == pageCode && p.subpageCode == subpageCode
                    && Arrays.equals(p.parameters, parameters);
        }

        @Override
        public int hashCode() {
            return pageCode * 31 + Arrays.hashCode(parameters);
        }

        @Override
        public String toString() {
            return String.format("ModePage[0x%02X/0x%02X, %d bytes]", pageCode, subpageCode, parameters.length);
        }
    }

    /** The page with this code and subpage, if returned. */
    public Optional<ModePage> page(int pageCode, int subpageCode) {
        return pages.stream().filter(p -> p.pageCode == pageCode && p.subpageCode == subpageCode).findFirst();
    }

    /**
     * WCE of the Caching mode page (SBC-4 Caching mode page: byte 2 bit 2 of the page, i.e. bit 2 of the first parameter
     * byte): a volatile write cache is enabled, so SYNCHRONIZE CACHE is needed for durability. Empty if the
     * page was not returned.
     */
    public Optional<Boolean> writeCacheEnabled() {
        return page(ScsiConstants.MODE_PAGE_CACHING, 0)
                .filter(p -> p.parameters.length >= 1)
                .map(p -> (p.parameters[0] & 0x04) != 0);
    }

    /** Decodes MODE SENSE(6) data. */
    public static ModeParameters parse6(ByteBuffer data) throws ScsiDataException {
        byte[] b = Bytes.remaining(data);
        if (b.length < 4) {
            throw ScsiDataException.tooShort("MODE SENSE(6) header", b.length, 4);
        }
        int modeDataLength = Bytes.u8(b, 0);
        int blockDescriptorLength = Bytes.u8(b, 3);
        return build(b, modeDataLength, Bytes.u8(b, 1), Bytes.u8(b, 2), blockDescriptorLength,
                Math.min(b.length, modeDataLength + 1), 4);
    }

    /** Decodes MODE SENSE(10) data. */
    public static ModeParameters parse10(ByteBuffer data) throws ScsiDataException {
        byte[] b = Bytes.remaining(data);
        if (b.length < 8) {
            throw ScsiDataException.tooShort("MODE SENSE(10) header", b.length, 8);
        }
        int modeDataLength = Bytes.u16(b, 0);
        int blockDescriptorLength = Bytes.u16(b, 6);
        return build(b, modeDataLength, Bytes.u8(b, 2), Bytes.u8(b, 3), blockDescriptorLength,
                Math.min(b.length, modeDataLength + 2), 8);
    }

    private static ModeParameters build(byte[] b, int modeDataLength, int mediumType, int deviceSpecific,
                                        int blockDescriptorLength, int end, int headerLength) {
        List<ModePage> pages = new ArrayList<>();
        int off = headerLength + blockDescriptorLength;
        while (off + 2 <= end) {
            int pageCode = b[off] & 0x3F;
            boolean subpageFormat = (b[off] & 0x40) != 0;
            int headerBytes = subpageFormat ? 4 : 2;
            if (off + headerBytes > end) {
                break;
            }
            int length = subpageFormat ? Bytes.u16(b, off + 2) : Bytes.u8(b, off + 1);
            int subpage = subpageFormat ? Bytes.u8(b, off + 1) : 0;
            if (off + headerBytes + length > end) {
                break; // page cut by the allocation length
            }
            pages.add(new ModePage(pageCode, subpage,
                    Arrays.copyOfRange(b, off + headerBytes, off + headerBytes + length)));
            off += headerBytes + length;
        }
        return new ModeParameters(modeDataLength, mediumType, (deviceSpecific & 0x80) != 0,
                (deviceSpecific & 0x10) != 0, blockDescriptorLength, pages);
    }
}
