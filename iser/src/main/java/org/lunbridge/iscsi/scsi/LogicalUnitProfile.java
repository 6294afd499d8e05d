package org.lunbridge.iscsi.scsi;

import java.util.Optional;

/**
 * What a logical unit can do, derived from the data lunbridge reads when it attaches: the facts an export
 * decision needs, each rule stated once here instead of in every caller. Optional pages the device does not
 * support are passed as empty; every derived capability is then the conservative answer.
 *
 * @param inquiry standard INQUIRY data
 * @param capacity READ CAPACITY(16) data (or READ CAPACITY(10) for devices without it)
 * @param blockLimits Block Limits VPD page, if supported
 * @param provisioning Logical Block Provisioning VPD page, if supported
 * @param characteristics Block Device Characteristics VPD page, if supported
 * @param modeParameters MODE SENSE data including the Caching page, if MODE SENSE succeeded
 * @param identification Device Identification VPD page, if supported
 * @param serialNumber Unit Serial Number VPD page, if supported
 */
public record LogicalUnitProfile(StandardInquiry inquiry, ReadCapacity capacity, Optional<BlockLimits> blockLimits,
                                 Optional<VpdPage.LogicalBlockProvisioning> provisioning,
                                 Optional<VpdPage.BlockDeviceCharacteristics> characteristics,
                                 Optional<ModeParameters> modeParameters,
                                 Optional<DeviceIdentification> identification,
                                 Optional<VpdPage.UnitSerialNumber> serialNumber) {

    public LogicalBlockGeometry geometry() {
        return LogicalBlockGeometry.of(capacity);
    }

    /**
     * UNMAP may be sent: logical block provisioning management is enabled (LBPME, READ CAPACITY(16)), the
     * provisioning page sets LBPU, and Block Limits does not report a MAXIMUM UNMAP LBA COUNT of 0 ("UNMAP not
     * implemented"). Linux sd's choice of discard mode rests on the same fields.
     */
    public boolean unmapSupported() {
        return capacity.lbpme() && provisioning.map(VpdPage.LogicalBlockProvisioning::lbpu).orElse(false)
                && blockLimits.map(b -> b.maximumUnmapLbaCount() != 0).orElse(true);
    }

    /** WRITE SAME(16) with the UNMAP bit deallocates (LBPME and LBPWS); otherwise it just writes zeros. */
    public boolean writeSameUnmapSupported() {
        return capacity.lbpme() && provisioning.map(VpdPage.LogicalBlockProvisioning::lbpws).orElse(false);
    }

    /** Deallocated blocks read as zeros (LBPRZ in READ CAPACITY(16) or the provisioning page). */
    public boolean unmappedReadsZeroes() {
        return capacity.lbprz() || provisioning.map(VpdPage.LogicalBlockProvisioning::unmappedReadsZeroes)
                .orElse(false);
    }

    /** The device honours FUA (DPOFUA in the MODE SENSE header); without it FUA needs a SYNCHRONIZE CACHE. */
    public boolean fuaSupported() {
        return modeParameters.map(ModeParameters::dpoFua).orElse(false);
    }

    /** WP in the MODE SENSE header: writes will fail with DATA PROTECT. */
    public boolean writeProtected() {
        return modeParameters.map(ModeParameters::writeProtected).orElse(false);
    }

    /**
     * A volatile write cache may hold acknowledged writes (Caching page WCE). Unknown counts as enabled: a
     * flush that is not needed costs little, a missing one loses data.
     */
    public boolean volatileWriteCache() {
        return modeParameters.flatMap(ModeParameters::writeCacheEnabled).orElse(true);
    }

    /** Spinning media (Block Device Characteristics MEDIUM ROTATION RATE); unknown counts as not rotating. */
    public boolean rotational() {
        return characteristics.map(VpdPage.BlockDeviceCharacteristics::rotating).orElse(false);
    }

    /** MAXIMUM TRANSFER LENGTH in bytes, if the device reports one (a 32-bit count times a block: no overflow). */
    public Optional<Long> maximumTransferBytes() {
        return blockLimits.map(BlockLimits::maximumTransferLengthBlocks).filter(n -> n > 0)
                .map(n -> n * capacity.blockLengthBytes());
    }

    /** OPTIMAL TRANSFER LENGTH in bytes, if reported. */
    public Optional<Long> optimalTransferBytes() {
        return blockLimits.map(BlockLimits::optimalTransferLengthBlocks).filter(n -> n > 0)
                .map(n -> n * capacity.blockLengthBytes());
    }

    /** Physical block size in bytes: the size that avoids read-modify-write inside the device. */
    public long physicalBlockBytes() {
        return capacity.physicalBlockLengthBytes();
    }

    /**
     * A name that stays the same across reconnects to the same logical unit, to detect a target that now
     * presents a different disk under the same LUN: the best Device Identification designator, else vendor,
     * product and unit serial number (libiscsi compares the unit serial number on reconnect). Empty if the
     * device offers neither.
     */
    public Optional<String> identity() {
        Optional<String> designator = identification.flatMap(DeviceIdentification::identity);
        if (designator.isPresent()) {
            return designator;
        }
        return serialNumber.map(VpdPage.UnitSerialNumber::serialNumber).filter(s -> !s.isEmpty())
                .map(s -> "serial." + inquiry.vendor() + "." + inquiry.product() + "." + s);
    }
}
