package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.scsi.Fixtures.buf;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** READ CAPACITY, GET LBA STATUS, REPORT LUNS, MODE SENSE and INQUIRY data built from the tables. */
class ParameterDataTest {

    @Test
    void givenReadCapacity16With4KnPhysicalAndProtection_whenParsed_thenEveryField() throws Exception {
        // LBA | LENGTH 512 | RC BASIS 01b, P_TYPE 001b, PROT_EN | P_I_EXP 0, LBPPBE 3 | LBPME, LBPRZ, LALBA 7
        ReadCapacity c = ReadCapacity.parse16(buf("""
                00000001 00000000 | 00000200 | 13 | 03 | c0 07 | 00000000000000000000000000000000"""));

        assertEquals(0x1_0000_0000L, c.lastLba());
        assertEquals(0x1_0000_0001L, c.blockCount());
        assertEquals(512, c.blockLengthBytes());
        assertEquals(1, c.protectionType());
        assertTrue(c.protectionEnabled());
        assertEquals(3, c.logicalBlocksPerPhysicalBlockExponent());
        assertEquals(4096, c.physicalBlockLengthBytes());
        assertTrue(c.lbpme());
        assertTrue(c.lbprz());
        assertEquals(7, c.lowestAlignedLba());
    }

    @Test
    void givenReadCapacity16CutAfterTwelveBytes_whenParsed_thenCapacityWithoutFlags() throws Exception {
        ReadCapacity c = ReadCapacity.parse16(buf("00000000 0000ffff | 00001000"));

        assertEquals(0x10000, c.blockCount());
        assertFalse(c.lbpme());
        assertThrows(ScsiDataException.class, () -> ReadCapacity.parse16(buf("00000000 0000ffff | 0000")));
    }

    @Test
    void givenReadCapacity10Saturated_whenParsed_thenNeeds16() throws Exception {
        assertTrue(ReadCapacity.parse10(buf("ffffffff 00000200")).needsReadCapacity16());
        assertThrows(ScsiDataException.class, () -> ReadCapacity.parse10(buf("ffffffff 000002")));
        assertThrows(ScsiDataException.class, () -> ReadCapacity.parse10(buf("00000010 00000000")));
    }

    @Test
    void givenCapacityAt2Pow63_whenParsed_thenRejectedNotWrapped() {
        assertThrows(ScsiDataException.class, () -> ReadCapacity.parse16(buf("ffffffff fffffffe 00000200")));
        assertThrows(ScsiDataException.class, () -> ReadCapacity.parse16(buf("7fffffff ffffffff 00000200")));
    }

    @Test
    void givenGetLbaStatusWithAnchored_whenParsed_thenUnmappedAndTruncationReported() throws Exception {
        LbaStatus s = LbaStatus.parse(buf("""
                00000024 00000000
                00000000 00000010 | 00000008 | 02 | 00 | 0000
                00000000 00000018 | 00000100 | 00 | 01 | 0000"""));

        assertEquals(2, s.descriptors().size());
        assertTrue(s.descriptors().get(0).unmapped());
        assertFalse(s.descriptors().get(1).unmapped());
        assertEquals(1, s.descriptors().get(1).additionalStatus());
        assertFalse(s.truncated(40));
        assertTrue(s.truncated(24));
    }

    @Test
    void givenGetLbaStatusDescriptorOfZeroBlocks_whenParsed_thenRejected() {
        assertThrows(ScsiDataException.class,
                () -> LbaStatus.parse(buf("00000014 00000000 | 0000000000000010 | 00000000 | 00 00 0000")));
    }

    @Test
    void givenLunAddressingMethods_whenDecoded_thenNumbersForSingleLevelOnly() {
        assertEquals(OptionalInt.of(5), new Lun(0x0005_0000_0000_0000L).number());
        assertEquals(OptionalInt.of(0x1234), new Lun(0x5234_0000_0000_0000L).number());
        assertEquals(Lun.FLAT_SPACE, new Lun(0x5234_0000_0000_0000L).addressMethod());
        assertTrue(new Lun(0x0105_0000_0000_0000L).number().isEmpty(), "bus 1");
        assertTrue(new Lun(0x8105_0000_0000_0000L).number().isEmpty(), "logical unit addressing");
        assertTrue(new Lun(0xC101_0000_0000_0000L).number().isEmpty(), "REPORT LUNS well-known LU");
        assertTrue(new Lun(0x0005_0001_0000_0000L).number().isEmpty(), "two levels");
    }

    @Test
    void givenLunNumbers_whenEncoded_thenPeripheralUpTo255ThenFlat() {
        assertArrayEquals(Fixtures.hex("00ff000000000000"), Lun.of(255).bytes());
        assertArrayEquals(Fixtures.hex("4100000000000000"), Lun.of(256).bytes());
        assertArrayEquals(Fixtures.hex("7fff000000000000"), Lun.of(16383).bytes());
        assertThrows(IllegalArgumentException.class, () -> Lun.of(16384));
        for (int n = 0; n < 16384; n += 7) {
            assertEquals(OptionalInt.of(n), Lun.of(n).number());
        }
    }

    @Test
    void givenReportLunsWithOddListLength_whenParsed_thenRejected() {
        assertThrows(ScsiDataException.class, () -> ReportLuns.parse(buf("00000009 00000000")));
        assertThrows(ScsiDataException.class, () -> ReportLuns.parse(buf("00000008 000000")));
    }

    @Test
    void givenModeSense10WriteProtectedWithLongLbaDescriptor_whenParsed_thenWpAndPagesAfterDescriptor()
            throws Exception {
        ModeParameters m = ModeParameters.parse10(buf("""
                0022 | 00 | 80 | 01 00 | 0010
                00000000 00001000 00000000 00000200
                08 0a 00 00 00 00 00 00 00 00 00 00"""));

        assertTrue(m.writeProtected());
        assertFalse(m.dpoFua());
        assertEquals(16, m.blockDescriptorLength());
        assertEquals(false, m.writeCacheEnabled().orElseThrow());
    }

    @Test
    void givenModeSense6CutInsideAPage_whenParsed_thenHeaderAndCompletePagesOnly() throws Exception {
        ModeParameters m = ModeParameters.parse6(buf("1f 00 10 00 | 0a 02 00 00 | 08 12 04 00"));

        assertTrue(m.dpoFua());
        assertEquals(List.of(new ModeParameters.ModePage(0x0A, 0, new byte[2])), m.pages());
        assertTrue(m.writeCacheEnabled().isEmpty());
        assertThrows(ScsiDataException.class, () -> ModeParameters.parse6(buf("03 00 80")));
        assertThrows(ScsiDataException.class, () -> ModeParameters.parse10(buf("0006 00 80 0000 00")));
    }

    @Test
    void givenInquiryShorterThan36Bytes_whenParsed_thenTypedError() {
        var e = assertThrows(ScsiDataException.class, () -> StandardInquiry.parse(ByteBuffer.allocate(35)));
        assertEquals("standard INQUIRY data: 35 bytes (expected: >= 36)", e.getMessage());
    }

    @Test
    void givenBufferWithPosition_whenParsed_thenReadsFromPositionWithoutConsuming() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Fixtures.hex("ee ee 00000000 00001fff 00001000"));
        b.position(2);

        assertEquals(8191, ReadCapacity.parse16(b).lastLba());
        assertEquals(2, b.position());
    }
}
