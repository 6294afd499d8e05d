package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.scsi.Fixtures.tgt;
import static org.lunbridge.iscsi.scsi.Fixtures.tool;
import static org.lunbridge.iscsi.scsi.Fixtures.toolAll;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real responses of tgt 1.0.85 (see tgt-responses.txt for how they were captured), decoded by our parsers and
 * compared with what libiscsi 1.19's tools printed for the same session (libiscsi-tools-output.txt).
 */
class TgtResponsesTest {

    private static int toolInt(int lun, String section, String key) {
        return Integer.parseInt(tool(lun, section, key).trim().replaceAll("[^0-9].*$", ""));
    }

    private static long toolLong(int lun, String section, String key) {
        return Long.parseLong(tool(lun, section, key).trim());
    }

    private static boolean toolBool(int lun, String section, String key) {
        return toolInt(lun, section, key) != 0;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtStandardInquiry_whenParsed_thenMatchesIscsiInq(int lun) throws Exception {
        StandardInquiry inq = StandardInquiry.parse(tgt("lun" + lun + ".inquiry").buffer());

        assertEquals("CONNECTED", tool(lun, "inq", "Peripheral Qualifier"));
        assertEquals(0, inq.peripheralQualifier());
        assertEquals("DIRECT_ACCESS", tool(lun, "inq", "Peripheral Device Type"));
        assertEquals(ScsiConstants.TYPE_DIRECT_ACCESS_BLOCK, inq.peripheralDeviceType());
        assertTrue(inq.isConnectedBlockDevice());
        assertEquals(toolBool(lun, "inq", "Removable"), inq.removable());
        assertEquals(toolInt(lun, "inq", "Version"), inq.version());
        assertEquals(toolInt(lun, "inq", "ReponseDataFormat"), inq.responseDataFormat());
        assertEquals(toolInt(lun, "inq", "TPGS"), inq.tpgs());
        assertEquals(toolBool(lun, "inq", "Protect"), inq.protect());
        assertEquals(toolBool(lun, "inq", "MultiP"), inq.multiPort());
        assertEquals(toolBool(lun, "inq", "CmdQue"), inq.commandQueuing());
        assertEquals(tool(lun, "inq", "Vendor").strip(), inq.vendor());
        assertEquals(tool(lun, "inq", "Product").strip(), inq.product());
        assertEquals(tool(lun, "inq", "Revision").strip(), inq.revision());
        List<Integer> expectedDescriptors = toolAll(lun, "inq", "Version Descriptor").stream()
                .map(s -> Integer.parseInt(s.strip().substring(0, 4), 16)).toList();
        assertEquals(expectedDescriptors, inq.versionDescriptors());
        assertEquals(66, inq.fullLength());
    }

    @Test
    void givenTgtInquiryCutByAllocationLength_whenParsed_thenSameFieldsAndFullLengthReported() throws Exception {
        var full = StandardInquiry.parse(tgt("lun1.inquiry").buffer());
        var cut = StandardInquiry.parse(tgt("lun1.inquiry-truncated").buffer());

        assertEquals(64, tgt("lun1.inquiry-truncated").data().length);
        assertEquals(full, cut);
        assertEquals(66, cut.fullLength());
    }

    @Test
    void givenTgtControllerLun0_whenInquiryParsed_thenStorageArrayController() throws Exception {
        StandardInquiry inq = StandardInquiry.parse(tgt("lun0.inquiry").buffer());

        assertEquals(ScsiConstants.TYPE_STORAGE_ARRAY_CONTROLLER, inq.peripheralDeviceType());
        assertEquals("Controller", inq.product());
        assertFalse(inq.isConnectedBlockDevice());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtSupportedPages_whenParsed_thenMatchesIscsiInq(int lun) throws Exception {
        var page = (VpdPage.SupportedPages) VpdPage.parse(tgt("lun" + lun + ".vpd00").buffer());

        List<Integer> expected = toolAll(lun, "0", "Page").stream()
                .map(s -> Integer.parseInt(s.substring(2, 4), 16)).toList();
        assertEquals(expected, page.pageCodes());
        assertTrue(page.supports(ScsiConstants.VPD_BLOCK_LIMITS));
        assertFalse(page.supports(ScsiConstants.VPD_EXTENDED_INQUIRY_DATA));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtUnitSerialNumber_whenParsed_thenMatchesIscsiInqStripped(int lun) throws Exception {
        var page = (VpdPage.UnitSerialNumber) VpdPage.parse(tgt("lun" + lun + ".vpd80").buffer());

        String printed = tool(lun, "128", "Unit Serial Number");
        assertEquals(printed.substring(1, printed.length() - 1).strip(), page.serialNumber());
        assertEquals("beaf1" + lun, page.serialNumber());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtDeviceIdentification_whenParsed_thenSameDesignatorsAsIscsiInqAndNaa6Identity(int lun)
            throws Exception {
        var page = (DeviceIdentification) VpdPage.parse(tgt("lun" + lun + ".vpd83").buffer());

        assertFalse(page.truncated());
        // libiscsi lists the descriptors in reverse page order (it prepends to a linked list).
        List<String> types = toolAll(lun, "131", "Designator Type").stream()
                .map(s -> s.substring(s.indexOf('(') + 1, s.indexOf(')'))).toList().reversed();
        List<String> codeSets = toolAll(lun, "131", "Code Set").stream()
                .map(s -> s.substring(s.indexOf('(') + 1, s.indexOf(')'))).toList().reversed();
        assertEquals(types, page.designators().stream().map(d -> "" + d.designatorType()).toList());
        assertEquals(codeSets, page.designators().stream().map(d -> "" + d.codeSet()).toList());
        String t10 = toolAll(lun, "131", "Designator").get(2);
        assertEquals("t10." + t10.substring(1, t10.length() - 1), page.designators().get(0).text());
        assertEquals(3, page.logicalUnitDesignators().size());
        assertEquals("naa.3000000100000001".replace("1", "" + lun).replace("3000000" + lun, "30000001"),
                page.designators().get(1).text());
        assertEquals("naa.60000000000000000e0000000001000" + lun, page.identity().orElseThrow());
    }

    @Test
    void givenTgtDeviceIdentificationCutBy64ByteAllocation_whenParsed_thenTruncatedAndFullLength76()
            throws Exception {
        var page = (DeviceIdentification) VpdPage.parse(tgt("lun1.vpd83-truncated").buffer());

        assertTrue(page.truncated());
        assertEquals(76, page.fullLength());
        assertEquals(2, page.designators().size());
        assertEquals(76, VpdPage.fullLength(tgt("lun1.vpd83-truncated").buffer()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtBlockLimits_whenParsed_thenMatchesIscsiInq(int lun) throws Exception {
        var bl = (BlockLimits) VpdPage.parse(tgt("lun" + lun + ".vpdb0").buffer());

        assertEquals(toolBool(lun, "176", "wsnz"), bl.writeSameNonZero());
        assertEquals(toolInt(lun, "176", "maximum compare and write length"),
                bl.maximumCompareAndWriteLengthBlocks());
        assertEquals(toolInt(lun, "176", "optimal transfer length granularity"),
                bl.optimalTransferLengthGranularityBlocks());
        assertEquals(toolLong(lun, "176", "maximum transfer length"), bl.maximumTransferLengthBlocks());
        assertEquals(toolLong(lun, "176", "optimal transfer length"), bl.optimalTransferLengthBlocks());
        assertEquals(toolLong(lun, "176", "maximum prefetch xdread xdwrite transfer length"),
                bl.maximumPrefetchLengthBlocks());
        assertEquals(toolLong(lun, "176", "maximum unmap lba count"), bl.maximumUnmapLbaCount());
        assertEquals(toolLong(lun, "176", "maximum unmap block descriptor count"),
                bl.maximumUnmapBlockDescriptorCount());
        assertEquals(toolLong(lun, "176", "optimal unmap granularity"), bl.optimalUnmapGranularityBlocks());
        assertEquals(toolBool(lun, "176", "ugavalid"), bl.unmapGranularityAlignmentValid());
        assertEquals(toolLong(lun, "176", "unmap granularity alignment"), bl.unmapGranularityAlignmentBlocks());
        assertEquals(toolLong(lun, "176", "maximum write same length"), bl.maximumWriteSameLengthBlocks());
        assertEquals(0x3C, bl.pageLength());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtBlockDeviceCharacteristics_whenParsedWholeOrCut_thenRotationRateMatches(int lun)
            throws Exception {
        var whole = (VpdPage.BlockDeviceCharacteristics) VpdPage.parse(tgt("lun" + lun + ".vpdb1").buffer());
        var cut = (VpdPage.BlockDeviceCharacteristics) VpdPage.parse(
                tgt("lun" + lun + ".vpdb1-truncated").buffer());

        assertEquals(toolInt(lun, "177", "Medium Rotation Rate"), whole.mediumRotationRate());
        assertEquals(whole, cut);
        assertEquals(68, cut.fullLength());
        assertFalse(whole.rotating());
        assertFalse(whole.nonRotating());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtLogicalBlockProvisioning_whenParsed_thenMatchesIscsiInq(int lun) throws Exception {
        var lbp = (VpdPage.LogicalBlockProvisioning) VpdPage.parse(tgt("lun" + lun + ".vpdb2").buffer());

        assertEquals(toolInt(lun, "178", "Threshold Exponent"), lbp.thresholdExponent());
        assertEquals(toolBool(lun, "178", "lbpu"), lbp.lbpu());
        assertEquals(toolBool(lun, "178", "lbpws"), lbp.lbpws());
        assertEquals(toolBool(lun, "178", "lbpws10"), lbp.lbpws10());
        assertEquals(toolInt(lun, "178", "lbprz"), lbp.lbprz());
        assertEquals(toolBool(lun, "178", "anc_sup"), lbp.anchorSupported());
        assertEquals(toolBool(lun, "178", "dp"), lbp.descriptorPresent());
        assertEquals(toolInt(lun, "178", "provisioning type"), lbp.provisioningType());
        assertEquals(lun == 1, lbp.unmappedReadsZeroes());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtReadCapacity16_whenParsed_thenMatchesIscsiReadcapacity16(int lun) throws Exception {
        ReadCapacity cap = ReadCapacity.parse16(tgt("lun" + lun + ".readcap16").buffer());

        assertEquals(toolLong(lun, "cap", "RETURNED LOGICAL BLOCK ADDRESS"), cap.lastLba());
        assertEquals(toolInt(lun, "cap", "LOGICAL BLOCK LENGTH IN BYTES"), cap.blockLengthBytes());
        assertEquals(toolInt(lun, "cap", "P_TYPE"), cap.protectionType());
        assertEquals(toolBool(lun, "cap", "PROT_EN"), cap.protectionEnabled());
        assertEquals(toolInt(lun, "cap", "P_I_EXPONENT"), cap.piExponent());
        assertEquals(toolInt(lun, "cap", "LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT"),
                cap.logicalBlocksPerPhysicalBlockExponent());
        assertEquals(toolBool(lun, "cap", "LBPME"), cap.lbpme());
        assertEquals(toolBool(lun, "cap", "LBPRZ"), cap.lbprz());
        assertEquals(toolInt(lun, "cap", "LOWEST ALIGNED LOGICAL BLOCK ADDRESS"), cap.lowestAlignedLba());
        assertEquals(toolLong(lun, "cap", "Total size"), LogicalBlockGeometry.of(cap).sizeBytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenTgtReadCapacity10_whenParsed_thenAgreesWithReadCapacity16(int lun) throws Exception {
        ReadCapacity c10 = ReadCapacity.parse10(tgt("lun" + lun + ".readcap10").buffer());
        ReadCapacity c16 = ReadCapacity.parse16(tgt("lun" + lun + ".readcap16").buffer());

        assertEquals(c16.lastLba(), c10.lastLba());
        assertEquals(c16.blockLengthBytes(), c10.blockLengthBytes());
        assertFalse(c10.needsReadCapacity16());
    }

    @Test
    void givenTgtReportLuns_whenParsed_thenLuns0to2AsIscsiLsListed() throws Exception {
        ReportLuns all = ReportLuns.parse(tgt("reportluns").buffer());
        ReportLuns cut = ReportLuns.parse(tgt("reportluns-truncated").buffer());

        // iscsi-ls -s printed "Lun:0 … Lun:1 … Lun:2".
        assertEquals(List.of(0, 1, 2), all.luns().stream().map(l -> l.number().orElseThrow()).toList());
        assertFalse(all.truncated());
        assertEquals(24, cut.lunListLength());
        assertEquals(32, cut.fullLength());
        assertTrue(cut.truncated());
        assertEquals(List.of(Lun.of(0)), cut.luns());
    }

    @Test
    void givenTgtModeSense6AllPages_whenParsed_thenDpoFuaWithoutWriteProtectAndWriteCacheOn() throws Exception {
        ModeParameters mp = ModeParameters.parse6(tgt("lun1.modesense6-all").buffer());

        assertFalse(mp.writeProtected());
        assertTrue(mp.dpoFua());
        assertEquals(8, mp.blockDescriptorLength());
        assertEquals(0x69, mp.modeDataLength());
        // An empty vendor-specific page 00h, disconnect-reconnect, caching, control, control extension (0Ah/01h,
        // sub_page format), informational exceptions control: what tgt's sbc module registers.
        assertEquals(List.of("00/00", "02/00", "08/00", "0A/00", "0A/01", "1C/00"), mp.pages().stream()
                .map(p -> String.format("%02X/%02X", p.pageCode(), p.subpageCode())).toList());
        assertEquals(true, mp.writeCacheEnabled().orElseThrow());
    }

    @Test
    void givenTgtModeSense10WithDbd_whenParsed_thenSamePagesAsModeSense6() throws Exception {
        ModeParameters m10 = ModeParameters.parse10(tgt("lun1.modesense10-all-dbd").buffer());
        ModeParameters m6 = ModeParameters.parse6(tgt("lun1.modesense6-all").buffer());
        ModeParameters caching = ModeParameters.parse6(tgt("lun1.modesense6-caching-dbd").buffer());

        assertEquals(0, m10.blockDescriptorLength());
        assertTrue(m10.dpoFua());
        assertEquals(m6.pages(), m10.pages());
        assertEquals(List.of(m6.page(8, 0).orElseThrow()), caching.pages());
    }

    @Test
    void givenTgtGetLbaStatusAfterWritingBlocks2048to2055_whenParsed_thenMappedRunBetweenHoles()
            throws Exception {
        LbaStatus fromZero = LbaStatus.parse(tgt("lun1.getlbastatus-0").buffer());
        LbaStatus from2048 = LbaStatus.parse(tgt("lun1.getlbastatus-2048").buffer());

        assertEquals(List.of(
                new LbaStatus.Descriptor(new BlockRange(0, 2048), LbaStatus.DEALLOCATED, 0),
                new LbaStatus.Descriptor(new BlockRange(2048, 8), LbaStatus.MAPPED, 0),
                new LbaStatus.Descriptor(new BlockRange(2056, 131072 - 2056), LbaStatus.DEALLOCATED, 0)),
                fromZero.descriptors());
        assertEquals(fromZero.descriptors().subList(1, 3), from2048.descriptors());
    }

    @Test
    void givenTgtSenseData_whenParsed_thenUnitAttentionInvalidFieldAndLbaOutOfRange() throws Exception {
        SenseData ua = SenseData.parse(tgt("sense.unit-attention-power-on").buffer());
        SenseData field = SenseData.parse(tgt("sense.invalid-field-in-cdb").buffer());
        SenseData range = SenseData.parse(tgt("sense.lba-out-of-range").buffer());

        assertEquals("UNIT ATTENTION: POWER ON, RESET, OR BUS DEVICE RESET OCCURRED (0x29/0x00)", ua.toString());
        assertTrue(field.is(AdditionalSense.INVALID_FIELD_IN_CDB));
        assertEquals(ScsiConstants.ILLEGAL_REQUEST, range.senseKey());
        assertEquals(AdditionalSense.LBA_OUT_OF_RANGE, range.additionalSense().orElseThrow());
        assertTrue(range.information().isEmpty(), "tgt does not set VALID");
    }
}
