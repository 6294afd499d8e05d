package org.lunbridge.nbd.spi;

/**
 * One run of blocks with the same allocation state, as the {@code base:allocation} meta context reports it.
 *
 * @param lengthBytes length of the run, > 0
 * @param flags {@link #HOLE} and/or {@link #ZERO}; 0 means allocated data
 */
public record Extent(long lengthBytes, int flags) {
    /** NBD_STATE_HOLE: the run is not allocated. */
    public static final int HOLE = 1;
    /** NBD_STATE_ZERO: the run reads as zeroes. */
    public static final int ZERO = 2;

    public Extent {
        if (lengthBytes <= 0) {
            throw new IllegalArgumentException("lengthBytes: " + lengthBytes + " (expected: > 0)");
        }
        if ((flags & ~(HOLE | ZERO)) != 0) {
            throw new IllegalArgumentException("flags: " + flags + " (expected: HOLE|ZERO bits only)");
        }
    }
}
