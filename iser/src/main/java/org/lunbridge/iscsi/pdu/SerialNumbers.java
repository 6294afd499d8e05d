package org.lunbridge.iscsi.pdu;

/**
 * RFC 1982 serial number arithmetic with SERIAL_BITS = 32, as RFC 7143 §4.2.2.1 requires for CmdSN, StatSN,
 * DataSN and R2TSN ("CmdSN wraps; compare per RFC 1982"). Values are Java ints holding unsigned 32-bit numbers.
 * Two numbers exactly 2^31 apart are not comparable (RFC 1982 §3.2): neither is less nor greater.
 */
public final class SerialNumbers {
    private static final long HALF = 1L << 31;

    private SerialNumbers() {}

    /** RFC 1982 §3.2: s1 &lt; s2. */
    public static boolean lessThan(int s1, int s2) {
        long i1 = Integer.toUnsignedLong(s1);
        long i2 = Integer.toUnsignedLong(s2);
        return (i1 < i2 && i2 - i1 < HALF) || (i1 > i2 && i1 - i2 > HALF);
    }

    /** RFC 1982 §3.2: s1 &gt; s2. */
    public static boolean greaterThan(int s1, int s2) {
        return lessThan(s2, s1);
    }

    public static boolean lessThanOrEqual(int s1, int s2) {
        return s1 == s2 || lessThan(s1, s2);
    }

    public static boolean greaterThanOrEqual(int s1, int s2) {
        return s1 == s2 || greaterThan(s1, s2);
    }

    /**
     * True if {@code low <= sn <= high} in serial arithmetic, e.g. a CmdSN inside the window
     * ExpCmdSN..MaxCmdSN (§4.2.2.1). An empty window (MaxCmdSN = ExpCmdSN - 1) contains nothing.
     */
    public static boolean inWindow(int sn, int low, int high) {
        return greaterThanOrEqual(sn, low) && lessThanOrEqual(sn, high);
    }

    /** RFC 1982 §3.1: addition of n in 0..2^31-1, wrapping modulo 2^32. */
    public static int add(int sn, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: 0.." + Integer.MAX_VALUE + ")");
        }
        return sn + n;
    }

    /** The signed distance from {@code from} to {@code to}, in -2^31..2^31-1 (e.g. window size). */
    public static int distance(int from, int to) {
        return to - from;
    }
}
