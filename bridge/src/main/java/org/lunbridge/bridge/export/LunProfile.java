package org.lunbridge.bridge.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.lunbridge.iscsi.scsi.BlockCommands;
import org.lunbridge.iscsi.scsi.BlockLimits;
import org.lunbridge.iscsi.scsi.BlockRange;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.ModeParameters;
import org.lunbridge.iscsi.scsi.PrimaryCommands;
import org.lunbridge.iscsi.scsi.ReadCapacity;
import org.lunbridge.iscsi.scsi.ScsiConstants;
import org.lunbridge.iscsi.scsi.ScsiDataException;
import org.lunbridge.iscsi.scsi.StandardInquiry;
import org.lunbridge.iscsi.scsi.VpdPage;
import org.lunbridge.iscsi.session.ScsiOutcome;

/**
 * What a LUN told us when the export was opened: identity (INQUIRY, VPD 80h), geometry (READ CAPACITY(16)), limits
 * (VPD B0h), provisioning (VPD B2h), characteristics (VPD B1h), write protection and DPOFUA (MODE SENSE(10)
 * device-specific parameter, SBC-4 §6.5.1), and whether PRE-FETCH works. Optional pages a target lacks are empty.
 */
public record LunProfile(StandardInquiry inquiry, String serialNumber, ReadCapacity capacity,
                         Optional<BlockLimits> blockLimits,
                         Optional<VpdPage.LogicalBlockProvisioning> provisioning, boolean rotational,
                         boolean writeProtected, boolean dpoFua, boolean preFetchSupported) {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.export");
    private static final int VPD_ALLOCATION = 255;

    /** Logical blocks on the LUN. */
    public long blockCount() {
        return capacity.blockCount();
    }

    public int blockLengthBytes() {
        return capacity.blockLengthBytes();
    }

    /** "vendor product serial", the NBD export description. */
    public String description() {
        StringBuilder b = new StringBuilder(inquiry.vendor()).append(' ').append(inquiry.product());
        if (!serialNumber.isEmpty()) {
            b.append(' ').append(serialNumber);
        }
        return b.toString().strip();
    }

    /** VPD B2h LBPU: UNMAP is supported (SBC-4 §6.6.4). */
    public boolean unmapSupported() {
        return provisioning.map(VpdPage.LogicalBlockProvisioning::lbpu).orElse(false);
    }

    /** Deallocated blocks read as zeroes: READ CAPACITY(16) LBPRZ or VPD B2h LBPRZ = 001b. */
    public boolean unmappedReadsZeroes() {
        return capacity.lbprz() || provisioning.map(VpdPage.LogicalBlockProvisioning::unmappedReadsZeroes)
                .orElse(false);
    }

    /** WRITE SAME(16) with the UNMAP bit deallocates (VPD B2h LBPWS). */
    public boolean writeSameUnmapSupported() {
        return provisioning.map(VpdPage.LogicalBlockProvisioning::lbpws).orElse(false);
    }

    /** Thin provisioning is on, so GET LBA STATUS is meaningful (SBC-4 §5.7: supported when LBPME is one). */
    public boolean lbaStatusSupported() {
        return capacity.lbpme();
    }

    /** Probes the LUN through {@code runner}. Mandatory commands (INQUIRY, READ CAPACITY(16)) must succeed. */
    static LunProfile probe(CommandRunner runner) throws IOException {
        StandardInquiry inquiry = query(runner, PrimaryCommands.inquiry(VPD_ALLOCATION), StandardInquiry::parse);
        if (inquiry.peripheralDeviceType() != 0) {
            throw new IOException("LUN is a " + ScsiConstants.nameOfDeviceType(inquiry.peripheralDeviceType())
                    + " (peripheral device type " + inquiry.peripheralDeviceType()
                    + "), not a direct-access block device");
        }
        ReadCapacity capacity = query(runner, BlockCommands.readCapacity16(32), ReadCapacity::parse16);
        Optional<VpdPage.SupportedPages> pages = optional(runner, 0x00, VpdPage.SupportedPages.class);
        String serial = supports(pages, 0x80)
                ? optional(runner, 0x80, VpdPage.UnitSerialNumber.class).map(s -> s.serialNumber().strip())
                        .orElse("")
                : "";
        Optional<BlockLimits> limits = supports(pages, 0xB0)
                ? optional(runner, 0xB0, BlockLimits.class) : Optional.empty();
        Optional<VpdPage.LogicalBlockProvisioning> lbp = supports(pages, 0xB2)
                ? optional(runner, 0xB2, VpdPage.LogicalBlockProvisioning.class) : Optional.empty();
        boolean rotational = supports(pages, 0xB1)
                && optional(runner, 0xB1, VpdPage.BlockDeviceCharacteristics.class)
                        .map(VpdPage.BlockDeviceCharacteristics::rotating).orElse(false);
        boolean writeProtected = false;
        boolean dpoFua = false;
        try {
            ModeParameters mode = query(runner, PrimaryCommands.modeSense10(false, true, 0, 0x3F, 0, 4096),
                    ModeParameters::parse10);
            writeProtected = mode.writeProtected();
            dpoFua = mode.dpoFua();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "MODE SENSE(10) failed ({0}): assuming writable, no FUA",
                    e.getMessage());
        }
        boolean preFetch;
        try {
            runner.run(BlockCommands.preFetch(new BlockRange(0, 1), true), null);
            preFetch = true;
        } catch (IOException e) {
            preFetch = false;
        }
        return new LunProfile(inquiry, serial, capacity, limits, lbp, rotational, writeProtected, dpoFua,
                preFetch);
    }

    private static boolean supports(Optional<VpdPage.SupportedPages> pages, int code) {
        // A target without page 00h may still have the others: try them.
        return pages.map(p -> p.supports(code)).orElse(true);
    }

    private static <T extends VpdPage> Optional<T> optional(CommandRunner runner, int page, Class<T> type) {
        try {
            VpdPage parsed = query(runner, PrimaryCommands.inquiryVpd(page, VPD_ALLOCATION), VpdPage::parse);
            return type.isInstance(parsed) ? Optional.of(type.cast(parsed)) : Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "VPD page {0} unavailable: {1}", Integer.toHexString(page),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private interface Parser<T> {
        T parse(ByteBuffer data) throws ScsiDataException;
    }

    private static <T> T query(CommandRunner runner, Cdb cdb, Parser<T> parser) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) cdb.transferLengthBytes());
        ScsiOutcome outcome = runner.run(cdb, buffer);
        try {
            return parser.parse(buffer.slice(0, outcome.transferred(buffer.capacity())));
        } catch (ScsiDataException e) {
            throw new IOException(cdb.description() + ": " + e.getMessage(), e);
        }
    }
}
