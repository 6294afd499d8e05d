package org.lunbridge.nbd.spi;

/**
 * Block-size constraints of a device, as NBD_INFO_BLOCK_SIZE carries them (proto.md "Block size constraints").
 *
 * @param minimumBytes smallest addressable unit; requests not aligned to it may be rejected (power of two, 1..64 KiB)
 * @param preferredBytes size and alignment that avoids read-modify-write (power of two, >= max(512, minimum))
 * @param maximumPayloadBytes largest payload of one READ or WRITE the device prefers (advertised): a multiple of
 *     minimum, or -1 (0xffffffff) for no limit but the export size. Advisory: clients that never ask (the Linux
 *     kernel) send more, and the server passes requests up to its own limit, so a device must split larger ones
 */
public record BlockSizes(int minimumBytes, int preferredBytes, int maximumPayloadBytes) {
    /** No particular constraints: byte-addressable, 4 KiB preferred, 32 MiB payloads. */
    public static final BlockSizes DEFAULT = new BlockSizes(1, 4096, 32 * 1024 * 1024);

    public BlockSizes {
        if (minimumBytes < 1 || minimumBytes > 65536 || Integer.bitCount(minimumBytes) != 1) {
            throw new IllegalArgumentException("minimumBytes: " + minimumBytes + " (expected: power of two, 1..65536)");
        }
        if (preferredBytes < Math.max(512, minimumBytes) || Integer.bitCount(preferredBytes) != 1) {
            throw new IllegalArgumentException("preferredBytes: " + preferredBytes
                    + " (expected: power of two, >= max(512, minimum " + minimumBytes + "))");
        }
        if (maximumPayloadBytes != -1 && (maximumPayloadBytes < minimumBytes
                || Integer.remainderUnsigned(maximumPayloadBytes, minimumBytes) != 0)) {
            throw new IllegalArgumentException("maximumPayloadBytes: " + Integer.toUnsignedString(maximumPayloadBytes)
                    + " (expected: a multiple of minimum " + minimumBytes + ")");
        }
    }
}
