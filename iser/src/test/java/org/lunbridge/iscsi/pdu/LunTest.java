package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** SAM-5 §4.7 single-level LUNs as tgt and Linux put them on the wire. */
class LunTest {
    @Test
    void givenSmallLunNumbers_whenBuilt_thenPeripheralDeviceAddressing() {
        assertEquals(0L, Lun.of(0).value());
        assertEquals(0x0001_0000_0000_0000L, Lun.of(1).value());
        assertEquals(0x00ff_0000_0000_0000L, Lun.of(255).value());
        assertEquals(Lun.PERIPHERAL_DEVICE_ADDRESSING, Lun.of(255).addressMethod());
    }

    @Test
    void givenLunNumbersFrom256_whenBuilt_thenFlatSpaceAddressing() {
        assertEquals(0x4100_0000_0000_0000L, Lun.of(256).value());
        assertEquals(0x7fff_0000_0000_0000L, Lun.of(16383).value());
        assertEquals(Lun.FLAT_SPACE_ADDRESSING, Lun.of(256).addressMethod());
        assertThrows(IllegalArgumentException.class, () -> Lun.of(16384));
        assertThrows(IllegalArgumentException.class, () -> Lun.of(-1));
    }

    @Test
    void givenEverySimpleLun_whenNumberRead_thenSameNumber() {
        for (int n = 0; n <= Lun.MAX_FLAT_NUMBER; n++) {
            assertEquals(n, Lun.of(n).number());
        }
    }

    @Test
    void givenMultiLevelOrBusAddressedLun_whenNumberRead_thenRefused() {
        Lun twoLevel = new Lun(0x0001_0002_0000_0000L);
        Lun bus3 = new Lun(0x0301_0000_0000_0000L);
        assertFalse(twoLevel.isSimple());
        assertFalse(bus3.isSimple());
        assertThrows(IllegalStateException.class, twoLevel::number);
        assertEquals("Lun[0x0301000000000000]", bus3.toString());
        assertTrue(Lun.of(7).isSimple());
        assertEquals("Lun[7]", Lun.of(7).toString());
    }

    @Test
    void givenLun_whenWrittenAtBhsOffset8_thenBigEndianBytes() {
        ByteBuffer bhs = ByteBuffer.allocate(48);
        Lun.of(300).write(bhs, 8);
        assertEquals(0x41, bhs.get(8) & 0xff);
        assertEquals(0x2c, bhs.get(9) & 0xff);
        assertEquals(Lun.of(300), Lun.read(bhs, 8));
        assertEquals(0, bhs.position());
    }
}
