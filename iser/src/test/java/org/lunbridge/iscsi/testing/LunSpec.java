package org.lunbridge.iscsi.testing;

/**
 * One logical unit of a tgtd target, backed by a sparse file the harness creates ({@code --bstype rdwr}).
 *
 * @param lun LUN number, 1..255 (tgtd reserves LUN 0 for its controller)
 * @param sizeBytes file size; tgtd rounds the capacity down to whole blocks
 * @param blockSize logical block size, 512 or 4096 ({@code tgtadm --blocksize})
 * @param readonly {@code --params readonly=1}: WRITE fails with DATA PROTECT
 * @param thinProvisioning {@code --params thin_provisioning=1}: tgtd reports LBPU and answers UNMAP by punching
 *     holes in the file
 */
public record LunSpec(int lun, long sizeBytes, int blockSize, boolean readonly, boolean thinProvisioning) {
    public LunSpec {
        if (lun < 1 || lun > 255) {
            throw new IllegalArgumentException("lun: " + lun + " (expected: 1..255; tgtd owns LUN 0)");
        }
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blockSize: " + blockSize + " (expected: 512 or 4096)");
        }
        if (sizeBytes < blockSize || sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException("sizeBytes: " + sizeBytes + " (expected: a positive multiple of "
                    + blockSize + ")");
        }
    }

    /** A writable, fully provisioned LUN with 512-byte blocks. */
    public static LunSpec of(int lun, long sizeBytes) {
        return new LunSpec(lun, sizeBytes, 512, false, false);
    }

    public LunSpec withBlockSize(int newBlockSize) {
        return new LunSpec(lun, sizeBytes, newBlockSize, readonly, thinProvisioning);
    }

    public LunSpec asReadonly() {
        return new LunSpec(lun, sizeBytes, blockSize, true, thinProvisioning);
    }

    public LunSpec asThin() {
        return new LunSpec(lun, sizeBytes, blockSize, readonly, true);
    }
}
