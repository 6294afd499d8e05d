package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.scsi.Fixtures.buf;

import java.util.List;
import org.junit.jupiter.api.Test;

/** VPD pages built from the SPC-4/SBC-4 tables, field by field. */
class VpdPageTest {

    private static final String FULL_BLOCK_LIMITS = """
            00 b0 003c
            01 | 05 | 0008
            00010000 | 00000800 | 00000400
            00100000 | 00000040
            00000800 | 80000010
            00000000 00200000
            00000000 00000000 00000000 00000000 00000000""";

    @Test
    void givenSbc4BlockLimits_whenParsed_thenEveryFieldAtItsOffset() throws Exception {
        BlockLimits bl = BlockLimits.parse(buf(FULL_BLOCK_LIMITS));

        assertTrue(bl.writeSameNonZero());
        assertEquals(5, bl.maximumCompareAndWriteLengthBlocks());
        assertEquals(8, bl.optimalTransferLengthGranularityBlocks());
        assertEquals(0x10000, bl.maximumTransferLengthBlocks());
        assertEquals(0x800, bl.optimalTransferLengthBlocks());
        assertEquals(0x400, bl.maximumPrefetchLengthBlocks());
        assertEquals(0x100000, bl.maximumUnmapLbaCount());
        assertEquals(0x40, bl.maximumUnmapBlockDescriptorCount());
        assertEquals(0x800, bl.optimalUnmapGranularityBlocks());
        assertTrue(bl.unmapGranularityAlignmentValid());
        assertEquals(0x10, bl.unmapGranularityAlignmentBlocks());
        assertEquals(0x200000, bl.maximumWriteSameLengthBlocks());
        assertEquals(64, bl.fullLength());
    }

    @Test
    void givenSbc2SixteenByteBlockLimits_whenParsed_thenLaterFieldsNotReported() throws Exception {
        BlockLimits bl = BlockLimits.parse(buf("00 b0 000c | 00 00 0008 | 00010000 | 00000800"));

        assertEquals(0x10000, bl.maximumTransferLengthBlocks());
        assertEquals(0, bl.maximumUnmapLbaCount());
        assertEquals(0, bl.maximumWriteSameLengthBlocks());
        assertFalse(bl.unmapGranularityAlignmentValid());
    }

    @Test
    void givenBlockLimitsCutMidField_whenParsed_thenPartialFieldReadsZero() throws Exception {
        byte[] full = Fixtures.hex(FULL_BLOCK_LIMITS);
        BlockLimits bl = BlockLimits.parse(java.nio.ByteBuffer.wrap(full, 0, 42));

        assertEquals(0x800, bl.optimalUnmapGranularityBlocks());
        assertEquals(0, bl.maximumWriteSameLengthBlocks(), "only 6 of its 8 bytes arrived");
        assertEquals(64, bl.fullLength());
    }

    @Test
    void givenWrongPageCode_whenParsedAsBlockLimits_thenTypedError() {
        var e = assertThrows(ScsiDataException.class, () -> BlockLimits.parse(buf("00 b1 003c 0000")));
        assertEquals("BLOCK LIMITS VPD page: page code 0xB1 (expected: 0xB0)", e.getMessage());
        assertThrows(ScsiDataException.class, () -> VpdPage.parse(buf("00 b0 00")));
    }

    @Test
    void givenSsdCharacteristics_whenParsed_thenNonRotatingFormFactorFuab() throws Exception {
        var p = VpdPage.BlockDeviceCharacteristics.parse(buf("00 b1 003c | 0001 | 00 | 03 | 12 | 000000"));

        assertTrue(p.nonRotating());
        assertEquals(3, p.nominalFormFactor());
        assertEquals(1, p.zoned());
        assertTrue(p.fuab());
        assertFalse(p.vbuls());
    }

    @Test
    void givenSpinningDisk_whenParsed_thenRpm() throws Exception {
        var p = (VpdPage.BlockDeviceCharacteristics) VpdPage.parse(buf("00 b1 003c | 1c20"));

        assertEquals(7200, p.mediumRotationRate());
        assertTrue(p.rotating());
    }

    @Test
    void givenSbc4LbprzPattern_whenParsed_thenThreeBitFieldNotZeroes() throws Exception {
        // LBPU | LBPWS | LBPRZ 010b (initialization pattern) | DP ; MINIMUM PERCENTAGE 3 | TYPE 1 ; THRESHOLD 7
        var p = VpdPage.LogicalBlockProvisioning.parse(buf("00 b2 0004 | 05 | c9 | 19 | 07"));

        assertEquals(5, p.thresholdExponent());
        assertTrue(p.lbpu());
        assertTrue(p.lbpws());
        assertFalse(p.lbpws10());
        assertEquals(2, p.lbprz());
        assertFalse(p.unmappedReadsZeroes());
        assertTrue(p.descriptorPresent());
        assertEquals(3, p.minimumPercentage());
        assertEquals(VpdPage.LogicalBlockProvisioning.PROVISIONING_RESOURCE, p.provisioningType());
        assertEquals(7, p.thresholdPercentage());
    }

    @Test
    void givenDesignatorsOfEveryKind_whenIdentityAsked_thenNaaRegisteredExtendedWins() throws Exception {
        var page = DeviceIdentification.parse(buf("""
                00 83 005c
                02 01 00 0c 4c 49 4f 2d 4f 52 47 20 61 62 63 00
                01 13 00 08 3000000100000001
                01 02 00 08 0011223344556677
                53 a8 00 10 69 71 6e 2e 32 30 32 36 2d 30 31 2e 74 00 00 00
                01 03 00 10 6001405ffeeddccbbaa9988776655443
                01 03 00 08 5001405aabbccdde"""));

        assertFalse(page.truncated());
        assertEquals(6, page.designators().size());
        var port = page.designators().get(1);
        assertEquals(DeviceIdentification.ASSOCIATION_TARGET_PORT, port.association());
        var name = page.designators().get(3);
        assertEquals(DeviceIdentification.TYPE_SCSI_NAME_STRING, name.designatorType());
        assertEquals(DeviceIdentification.ASSOCIATION_TARGET_DEVICE, name.association());
        assertTrue(name.piv());
        assertEquals(5, name.protocolIdentifier());
        assertEquals("iqn.2026-01.t", name.text());
        assertEquals("t10.LIO-ORG abc", page.designators().get(0).text());
        assertEquals("eui.0011223344556677", page.designators().get(2).text());
        assertEquals(4, page.logicalUnitDesignators().size());
        assertEquals("naa.6001405ffeeddccbbaa9988776655443", page.identity().orElseThrow());
    }

    @Test
    void givenOnlyT10AndEui_whenIdentityAsked_thenEuiPreferred() throws Exception {
        var page = DeviceIdentification.parse(buf("""
                00 83 0018
                02 01 00 08 4c 49 4f 20 20 20 20 20
                01 02 00 08 0011223344556677"""));

        assertEquals("eui.0011223344556677", page.identity().orElseThrow());
    }

    @Test
    void givenNoLogicalUnitDesignator_whenIdentityAsked_thenEmpty() throws Exception {
        var page = DeviceIdentification.parse(buf("00 83 0008 | 01 14 00 04 00000001"));

        assertTrue(page.identity().isEmpty());
        assertEquals("type4.00000001", page.designators().get(0).text());
    }

    @Test
    void givenPartialDescriptorHeader_whenParsed_thenTruncated() throws Exception {
        var page = DeviceIdentification.parse(buf("00 83 0008 | 01 03 00"));

        assertTrue(page.truncated());
        assertEquals(List.of(), page.designators());
    }

    @Test
    void givenUnknownPage_whenParsed_thenKeptRaw() throws Exception {
        var p = VpdPage.parse(buf("00 89 0003 | 01 02 03 04 05"));

        assertEquals(new VpdPage.Unknown(0x89, 3, Fixtures.hex("010203")), p);
        assertEquals(7, p.fullLength());
    }
}
