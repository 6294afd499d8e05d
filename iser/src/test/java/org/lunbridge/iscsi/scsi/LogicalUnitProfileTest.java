package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.scsi.Fixtures.tgt;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogicalUnitProfileTest {

    private static LogicalUnitProfile tgtLun(int lun, boolean withModeSense) throws Exception {
        String p = "lun" + lun + ".";
        return new LogicalUnitProfile(StandardInquiry.parse(tgt(p + "inquiry").buffer()),
                ReadCapacity.parse16(tgt(p + "readcap16").buffer()),
                Optional.of(BlockLimits.parse(tgt(p + "vpdb0").buffer())),
                Optional.of(VpdPage.LogicalBlockProvisioning.parse(tgt(p + "vpdb2").buffer())),
                Optional.of(VpdPage.BlockDeviceCharacteristics.parse(tgt(p + "vpdb1").buffer())),
                withModeSense ? Optional.of(ModeParameters.parse6(tgt(p + "modesense6-all").buffer()))
                        : Optional.empty(),
                Optional.of(DeviceIdentification.parse(tgt(p + "vpd83").buffer())),
                Optional.of(VpdPage.UnitSerialNumber.parse(tgt(p + "vpd80").buffer())));
    }

    @Test
    void givenTgtThinLun_whenProfiled_thenUnmapWriteSameZeroesFuaAndWriteCache() throws Exception {
        LogicalUnitProfile p = tgtLun(1, true);

        assertTrue(p.unmapSupported());
        assertTrue(p.writeSameUnmapSupported());
        assertTrue(p.unmappedReadsZeroes());
        assertTrue(p.fuaSupported());
        assertFalse(p.writeProtected());
        assertTrue(p.volatileWriteCache());
        assertFalse(p.rotational());
        assertEquals(Optional.empty(), p.maximumTransferBytes());
        assertEquals(4096, p.physicalBlockBytes());
        assertEquals(64L << 20, p.geometry().sizeBytes());
        assertEquals(Optional.of("naa.60000000000000000e00000000010001"), p.identity());
    }

    @Test
    void givenTgtThickLunWithoutModeSense_whenProfiled_thenConservativeAnswers() throws Exception {
        LogicalUnitProfile p = tgtLun(2, false);

        assertFalse(p.unmapSupported());
        assertFalse(p.writeSameUnmapSupported());
        assertFalse(p.unmappedReadsZeroes());
        assertFalse(p.fuaSupported(), "unknown DPOFUA: emulate FUA with a flush");
        assertTrue(p.volatileWriteCache(), "unknown WCE: assume a cache");
        assertEquals(Optional.of("naa.60000000000000000e00000000010002"), p.identity());
    }

    @Test
    void givenLbpuWithoutLbpmeOrWithZeroUnmapCount_whenProfiled_thenNoUnmap() throws Exception {
        LogicalUnitProfile thin = tgtLun(1, true);
        var noLbpme = new LogicalUnitProfile(thin.inquiry(), ReadCapacity.parse10(tgt("lun1.readcap10").buffer()),
                thin.blockLimits(), thin.provisioning(), thin.characteristics(), thin.modeParameters(),
                thin.identification(), thin.serialNumber());
        var zeroCount = new LogicalUnitProfile(thin.inquiry(), thin.capacity(),
                Optional.of(BlockLimits.parse(tgt("lun2.vpdb0").buffer())), thin.provisioning(),
                thin.characteristics(), thin.modeParameters(), thin.identification(), thin.serialNumber());

        assertFalse(noLbpme.unmapSupported());
        assertFalse(noLbpme.writeSameUnmapSupported());
        assertFalse(zeroCount.unmapSupported());
        assertTrue(zeroCount.writeSameUnmapSupported());
    }

    @Test
    void givenNoDesignators_whenIdentityAsked_thenVendorProductSerial() throws Exception {
        LogicalUnitProfile thin = tgtLun(1, true);
        var p = new LogicalUnitProfile(thin.inquiry(), thin.capacity(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), thin.serialNumber());

        assertEquals(Optional.of("serial.IET.VIRTUAL-DISK.beaf11"), p.identity());
        assertFalse(p.unmapSupported());
        assertEquals(Optional.empty(), new LogicalUnitProfile(thin.inquiry(), thin.capacity(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()).identity());
    }

    @Test
    void givenStatuses_whenExceptionMade_thenCheckConditionOnlyWithSense() {
        var sense = SenseData.of(ScsiConstants.UNIT_ATTENTION, 0x29, 0);

        assertInstanceOf(CheckConditionException.class,
                ScsiStatusException.of(ScsiConstants.CHECK_CONDITION, "TUR", Optional.of(sense)));
        var bare = ScsiStatusException.of(ScsiConstants.CHECK_CONDITION, "TUR", Optional.empty());
        assertFalse(bare instanceof CheckConditionException);
        assertEquals(ScsiConstants.CHECK_CONDITION, bare.status());
        assertEquals(ScsiConstants.BUSY, ScsiStatusException.of(ScsiConstants.BUSY, "TUR", Optional.empty()).status());
        assertThrows(IllegalArgumentException.class,
                () -> ScsiStatusException.of(ScsiConstants.GOOD, "TUR", Optional.empty()));
    }
}
