package org.lunbridge.bridge.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lunbridge.iscsi.scsi.BlockCommands;
import org.lunbridge.iscsi.scsi.CheckConditionException;
import org.lunbridge.iscsi.scsi.LbaStatus;
import org.lunbridge.iscsi.scsi.ScsiConstants;
import org.lunbridge.iscsi.scsi.ScsiDataException;
import org.lunbridge.iscsi.session.ScsiOutcome;
import org.lunbridge.nbd.spi.Extent;

/**
 * NBD {@code base:allocation} from GET LBA STATUS (SBC-4 §5.7): mapped blocks are data; deallocated or anchored
 * blocks are a hole, and also zero when the LUN reports LBPRZ.
 */
final class LbaStatusExtents {
    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.export");

    private LbaStatusExtents() {}

    /**
     * Extents from {@code offset} on; at least one, the first starting at {@code offset}. If the target rejects
     * the command as unsupported, {@code unsupported} is run and all data is reported.
     */
    static List<Extent> query(CommandRunner runner, long offset, long lengthBytes, int blockLength, long sizeBytes,
                              boolean lbprz, int descriptors, Runnable unsupported) throws IOException {
        long lba = offset / blockLength;
        ByteBuffer data = ByteBuffer.allocate(8 + 16 * descriptors);
        LbaStatus status;
        try {
            ScsiOutcome outcome = runner.run(BlockCommands.getLbaStatus(lba, data.capacity()), data);
            status = LbaStatus.parse(data.slice(0, outcome.transferred(data.capacity())));
        } catch (CheckConditionException e) {
            if (e.sense().senseKey() == ScsiConstants.ILLEGAL_REQUEST) {
                LOG.log(System.Logger.Level.INFO, "GET LBA STATUS rejected ({0}): reporting all data",
                        e.sense());
                unsupported.run();
                return List.of(new Extent(Math.min(lengthBytes, sizeBytes - offset), 0));
            }
            throw ScsiErrors.toBlockDeviceException("block status at " + offset, e);
        } catch (ScsiDataException e) {
            throw new IOException("GET LBA STATUS at LBA " + lba + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw ScsiErrors.toBlockDeviceException("block status at " + offset, e);
        }
        List<Extent> out = new ArrayList<>();
        long at = lba;
        long endLba = sizeBytes / blockLength;
        for (LbaStatus.Descriptor d : status.descriptors()) {
            long first = d.range().lba();
            long last = Math.min(d.range().lastLba(), endLba - 1);
            // SBC-4 §5.7.2: descriptors are contiguous from the starting LBA; stop at the first that is not.
            if (first > at || last < at) {
                break;
            }
            long blocks = last - at + 1;
            int flags = d.unmapped() ? Extent.HOLE | (lbprz ? Extent.ZERO : 0) : 0;
            appendMerged(out, blocks * blockLength, flags);
            at = last + 1;
            if (at >= endLba) {
                break;
            }
        }
        if (out.isEmpty()) {
            // Nothing usable: say data for the asked range, which is always true.
            return List.of(new Extent(Math.min(lengthBytes, sizeBytes - offset), 0));
        }
        return out;
    }

    private static void appendMerged(List<Extent> out, long lengthBytes, int flags) {
        if (!out.isEmpty() && out.get(out.size() - 1).flags() == flags) {
            Extent last = out.remove(out.size() - 1);
            out.add(new Extent(last.lengthBytes() + lengthBytes, flags));
        } else {
            out.add(new Extent(lengthBytes, flags));
        }
    }
}
