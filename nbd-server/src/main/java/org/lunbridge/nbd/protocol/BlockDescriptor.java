package org.lunbridge.nbd.protocol;

/**
 * One block status descriptor: an extent length (nonzero, unsigned) and its status flags.
 * Compact chunks carry 32 bits of each, extended chunks 64.
 */
public record BlockDescriptor(long lengthBytes, long status) {
    public BlockDescriptor {
        if (lengthBytes == 0) {
            throw new IllegalArgumentException("lengthBytes: 0 (expected: nonzero)");
        }
    }
}
