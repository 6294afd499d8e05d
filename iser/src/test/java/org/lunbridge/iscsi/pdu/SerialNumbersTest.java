package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.iscsi.pdu.SerialNumbers.add;
import static org.lunbridge.iscsi.pdu.SerialNumbers.greaterThan;
import static org.lunbridge.iscsi.pdu.SerialNumbers.inWindow;
import static org.lunbridge.iscsi.pdu.SerialNumbers.lessThan;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 1982 with SERIAL_BITS = 32, at and around the wrap. */
class SerialNumbersTest {
    @Test
    void givenNumbersAcrossTheWrap_whenCompared_thenTheWrappedOneIsGreater() {
        assertTrue(lessThan(0xffff_ffff, 0));
        assertTrue(greaterThan(0, 0xffff_ffff));
        assertTrue(lessThan(0xffff_fff0, 0x0000_0010));
        assertFalse(lessThan(0x0000_0010, 0xffff_fff0));
        assertTrue(lessThan(0x7fff_ffff, 0x8000_0000));
    }

    @Test
    void givenNumbersHalfTheSpaceApart_whenCompared_thenNeitherLessNorGreater() {
        // RFC 1982 §3.2: i1 and i2 2^31 apart are undefined; never claim an order.
        for (int base : new int[] {0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff}) {
            int other = base + 0x8000_0000;
            assertFalse(lessThan(base, other));
            assertFalse(greaterThan(base, other));
            assertFalse(lessThan(other, base));
        }
        assertTrue(lessThan(0, 0x7fff_ffff));
        assertTrue(greaterThan(0, 0x8000_0001));
    }

    @Test
    void givenEqualNumbers_whenCompared_thenNeitherLessNorGreater() {
        assertFalse(lessThan(5, 5));
        assertFalse(greaterThan(5, 5));
        assertTrue(SerialNumbers.lessThanOrEqual(5, 5));
        assertTrue(SerialNumbers.greaterThanOrEqual(0xffff_ffff, 0xffff_ffff));
    }

    @Test
    void givenCmdSnWindowAcrossTheWrap_whenChecked_thenEdgesInclusive() {
        int expCmdSn = 0xffff_fffe;
        int maxCmdSn = 0x0000_0001;
        assertTrue(inWindow(0xffff_fffe, expCmdSn, maxCmdSn));
        assertTrue(inWindow(0xffff_ffff, expCmdSn, maxCmdSn));
        assertTrue(inWindow(0, expCmdSn, maxCmdSn));
        assertTrue(inWindow(1, expCmdSn, maxCmdSn));
        assertFalse(inWindow(2, expCmdSn, maxCmdSn));
        assertFalse(inWindow(0xffff_fffd, expCmdSn, maxCmdSn));
    }

    @Test
    void givenEmptyWindow_whenChecked_thenNothingFits() {
        // RFC 7143 §4.2.2.1: MaxCmdSN = ExpCmdSN - 1 means the window is closed.
        int expCmdSn = 0;
        int maxCmdSn = 0xffff_ffff;
        assertFalse(inWindow(0, expCmdSn, maxCmdSn));
        assertFalse(inWindow(0xffff_ffff, expCmdSn, maxCmdSn));
    }

    @Test
    void givenRandomPairs_whenCompared_thenAntisymmetricAndShiftInvariant() {
        Random random = new Random(1982);
        for (int i = 0; i < 100_000; i++) {
            int a = random.nextInt();
            int b = random.nextInt();
            int shift = random.nextInt();
            assertFalse(lessThan(a, b) && lessThan(b, a));
            assertEquals(lessThan(a, b), lessThan(a + shift, b + shift));
            assertEquals(lessThan(a, b), greaterThan(b, a));
            int n = random.nextInt(Integer.MAX_VALUE);
            assertTrue(n == 0 || lessThan(a, add(a, n)));
        }
    }

    @Test
    void givenAdditionBeyondHalfTheSpace_whenAdded_thenRejected() {
        assertEquals(0, add(0xffff_ffff, 1));
        assertThrows(IllegalArgumentException.class, () -> add(0, -1));
        assertEquals(-3, SerialNumbers.distance(2, 0xffff_ffff));
    }
}
