package org.lunbridge.bridge.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lunbridge.bridge.pool.SessionPool;
import org.lunbridge.bridge.recovery.RecoveringExecutor;
import org.lunbridge.bridge.recovery.RecoveryClock;
import org.lunbridge.bridge.recovery.RecoveryConfig;
import org.lunbridge.iscsi.scsi.BlockCommands;
import org.lunbridge.iscsi.scsi.BlockLimits;
import org.lunbridge.iscsi.scsi.BlockRange;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.ReadCapacity;
import org.lunbridge.iscsi.session.ScsiOutcome;
import org.lunbridge.iscsi.scsi.UnmapPlanner;
import org.lunbridge.iscsi.scsi.WriteSamePlanner;
import org.lunbridge.nbd.spi.BlockDevice;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.BlockSizes;
import org.lunbridge.nbd.spi.Extent;
import org.lunbridge.nbd.spi.NbdError;

/**
 * An iSCSI LUN as an NBD export (semantics in docs/ARCHITECTURE.md, "The bridge"). Requests are split into SCSI
 * commands no larger than the target's MAXIMUM TRANSFER LENGTH and run concurrently over the {@link SessionPool};
 * the server has already checked range and alignment to the logical block size.
 */
public final class LunBlockDevice implements BlockDevice {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.export");
    /** proto.md: clients SHOULD be able to send 32 MiB; the Linux client's max_hw_sectors is 32 MiB too. */
    static final int MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;
    /** GET LBA STATUS descriptors asked for at once (8-byte header + 16 per descriptor). */
    private static final int LBA_STATUS_DESCRIPTORS = 64;

    private final SessionPool pool;
    private final LunProfile profile;
    private final boolean forcedReadOnly;
    private final ExportStats stats;
    private final CommandRunner runner;
    private final RecoveringExecutor recovery;
    private final WriteBarrier barrier = new WriteBarrier();
    private final int blockLength;
    private final long maxBlocksPerCommand;
    private final UnmapPlanner unmapPlanner;
    private final WriteSamePlanner writeSamePlanner;
    private final ByteBuffer zeroBlock;
    /** The LUN's size; re-read when the target reports CAPACITY DATA HAS CHANGED (SBC-4 §4.10, UA 2Ah/09h). */
    private volatile long blockCount;
    /** Cleared when the target rejects WRITE SAME: later write-zeroes go straight to the server's fallback. */
    private volatile boolean writeSameWorks = true;
    /** Cleared when the target rejects GET LBA STATUS: extents then report all data. */
    private volatile boolean lbaStatusWorks;

    LunBlockDevice(SessionPool pool, LunProfile profile, boolean forcedReadOnly) {
        this(pool, RecoveryConfig.defaults(), RecoveryClock.system("lunbridge-recovery"), profile, forcedReadOnly,
                new ExportStats());
    }

    private LunBlockDevice(SessionPool pool, RecoveryConfig config, RecoveryClock clock, LunProfile profile,
                           boolean forcedReadOnly, ExportStats stats) {
        this(new RecoveringExecutor(pool, config, clock, java.util.Optional.empty(), retryCounter(stats)), profile,
                forcedReadOnly, stats);
    }

    private void listenTo(RecoveringExecutor r) {
        if (r.listener() instanceof ExportListener l) {
            l.device = this;
        }
    }

    private LunBlockDevice(RecoveringExecutor recovery, LunProfile profile, boolean forcedReadOnly,
                           ExportStats stats) {
        this.stats = stats;
        this.pool = recovery.pool();
        this.recovery = recovery;
        this.profile = profile;
        this.runner = new CommandRunner(recovery, stats);
        this.forcedReadOnly = forcedReadOnly;
        this.blockLength = profile.blockLengthBytes();
        BlockLimits limits = profile.blockLimits().orElse(null);
        long byPayload = MAX_PAYLOAD_BYTES / blockLength;
        long mtl = limits == null ? 0 : limits.maximumTransferLengthBlocks();
        this.maxBlocksPerCommand = Math.max(1, mtl > 0 ? Math.min(mtl, byPayload) : byPayload);
        this.unmapPlanner = new UnmapPlanner(limits == null
                ? new UnmapPlanner.Limits(UnmapPlanner.DEFAULT_MAX_BLOCKS, 1, 1, 0)
                : UnmapPlanner.Limits.of(limits));
        this.writeSamePlanner = limits == null
                ? new WriteSamePlanner(WriteSamePlanner.DEFAULT_MAX_BLOCKS, 1, 0, blockLength)
                : WriteSamePlanner.of(limits, blockLength);
        this.zeroBlock = ByteBuffer.allocateDirect(blockLength).asReadOnlyBuffer();
        this.lbaStatusWorks = profile.lbaStatusSupported();
        this.blockCount = profile.blockCount();
        listenTo(recovery);
    }

    /** Probes the LUN over {@code pool} and wraps it; the device owns (and closes) the pool. */
    public static LunBlockDevice open(SessionPool pool, boolean readOnly) throws IOException {
        return open(pool, readOnly, RecoveryConfig.defaults());
    }

    /** As above with the recovery policy {@code config}. */
    public static LunBlockDevice open(SessionPool pool, boolean readOnly, RecoveryConfig config) throws IOException {
        ExportStats stats = new ExportStats();
        RecoveringExecutor recovery = RecoveringExecutor.open(pool, config, retryCounter(stats));
        LunProfile profile;
        try {
            profile = LunProfile.probe(new CommandRunner(recovery, new ExportStats()));
        } catch (IOException | RuntimeException e) {
            recovery.close();
            throw e;
        }
        LunBlockDevice device = new LunBlockDevice(recovery, profile, readOnly, stats);
        LOG.log(System.Logger.Level.INFO, "LUN {0}: {1} blocks of {2} B, max {3} blocks/command, {4}{5}{6}{7}",
                profile.description(), profile.blockCount(), profile.blockLengthBytes(),
                device.maxBlocksPerCommand, profile.writeProtected() ? "write-protected " : "",
                profile.dpoFua() ? "DPOFUA " : "", profile.unmapSupported() ? "LBPU " : "",
                profile.unmappedReadsZeroes() ? "LBPRZ" : "");
        return device;
    }

    private static ExportListener retryCounter(ExportStats stats) {
        return new ExportListener(stats);
    }

    /** Recovery's callbacks; {@link #device} is set once the device exists (the probe runs before). */
    private static final class ExportListener implements RecoveringExecutor.Listener {
        private final ExportStats stats;
        volatile LunBlockDevice device;

        ExportListener(ExportStats stats) {
            this.stats = stats;
        }

        @Override
        public void retried() {
            stats.retried();
        }

        @Override
        public void capacityChanged() {
            LunBlockDevice d = device;
            if (d != null) {
                // Called on a session reader thread: the READ CAPACITY must run elsewhere.
                Thread.ofVirtual().name("lunbridge-capacity").start(d::refreshCapacity);
            }
        }
    }

    /** READ CAPACITY(16) again; new NBD connections see the new size (SPDK does the same on UA 2Ah/09h). */
    void refreshCapacity() {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        try {
            ScsiOutcome outcome = runner.run(BlockCommands.readCapacity16(32), buffer);
            ReadCapacity capacity = ReadCapacity.parse16(buffer.slice(0, outcome.transferred(32)));
            if (capacity.blockLengthBytes() != blockLength) {
                LOG.log(System.Logger.Level.ERROR, "{0}: logical block length changed from {1} to {2} B; "
                        + "keeping the old geometry", profile.description(), blockLength,
                        capacity.blockLengthBytes());
                return;
            }
            long old = blockCount;
            blockCount = capacity.blockCount();
            LOG.log(System.Logger.Level.WARNING, "{0}: capacity changed from {1} to {2} blocks",
                    profile.description(), old, capacity.blockCount());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: re-reading the capacity failed: {1}",
                    profile.description(), e.toString());
        }
    }

    /** The recovery layer: its counters and slot states. */
    public RecoveringExecutor recovery() {
        return recovery;
    }

    public LunProfile profile() {
        return profile;
    }

    public ExportStats.Snapshot stats() {
        return stats.snapshot();
    }

    public SessionPool pool() {
        return pool;
    }

    // ---- capabilities ------------------------------------------------------------------------------------

    @Override
    public long sizeBytes() {
        return blockCount * blockLength;
    }

    @Override
    public BlockSizes blockSizes() {
        int preferred = 4096;
        int granularity = profile.blockLimits().map(BlockLimits::optimalTransferLengthGranularityBlocks)
                .orElse(0);
        long granularityBytes = (long) granularity * blockLength;
        if (granularity > 0 && Long.bitCount(granularityBytes) == 1 && granularityBytes <= MAX_PAYLOAD_BYTES) {
            preferred = (int) granularityBytes;
        }
        preferred = Math.max(preferred, Math.max(512, blockLength));
        int maximum = (int) Math.min(MAX_PAYLOAD_BYTES, maxBlocksPerCommand * blockLength);
        return new BlockSizes(blockLength, preferred, Math.max(maximum, preferred));
    }

    @Override
    public String description() {
        return profile.description();
    }

    @Override
    public boolean isReadOnly() {
        return forcedReadOnly || profile.writeProtected();
    }

    /** Always: SYNCHRONIZE CACHE is mandatory in SBC-4 and harmless on a LUN without a volatile cache. */
    @Override
    public boolean canFlush() {
        return true;
    }

    /** Native FUA when MODE SENSE reports DPOFUA; otherwise the server follows the write with a flush. */
    @Override
    public boolean canFua() {
        return profile.dpoFua();
    }

    @Override
    public boolean canTrim() {
        return profile.unmapSupported();
    }

    @Override
    public boolean canWriteZeroes() {
        return true;
    }

    /** Only when WRITE SAME with UNMAP deallocates and deallocated blocks read as zeroes: no data is written. */
    @Override
    public boolean canFastZero() {
        return profile.writeSameUnmapSupported() && profile.unmappedReadsZeroes();
    }

    @Override
    public boolean canCache() {
        return profile.preFetchSupported();
    }

    @Override
    public boolean canExtents() {
        return profile.lbaStatusSupported();
    }

    @Override
    public boolean isRotational() {
        return profile.rotational();
    }

    /** Every connection shares the pool, and the target's cache is per logical unit: flushes cover all. */
    @Override
    public boolean canMultiConn() {
        return true;
    }

    // ---- data path -----------------------------------------------------------------------------------------

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int length = dst.remaining();
        List<Cdb> cdbs = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        for (BlockRange r : split(offset, length)) {
            int at = (int) ((r.lba() * blockLength) - offset);
            cdbs.add(BlockCommands.read16(r, blockLength, false));
            buffers.add(dst.slice(dst.position() + at, (int) (r.blocks() * blockLength)));
        }
        try {
            runner.runAll(cdbs, buffers);
        } catch (IOException e) {
            throw ScsiErrors.toBlockDeviceException("read " + length + " bytes at " + offset, e);
        }
        dst.position(dst.position() + length);
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        int length = src.remaining();
        List<Cdb> cdbs = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        // FUA is only asked for when canFua (DPOFUA): SBC-4 §5.42 then makes each WRITE durable on completion.
        for (BlockRange r : split(offset, length)) {
            int at = (int) ((r.lba() * blockLength) - offset);
            cdbs.add(BlockCommands.write16(r, blockLength, fua));
            buffers.add(src.slice(src.position() + at, (int) (r.blocks() * blockLength)));
        }
        long ticket = barrier.enter();
        try {
            runner.runAll(cdbs, buffers);
        } catch (IOException e) {
            throw ScsiErrors.toBlockDeviceException("write " + length + " bytes at " + offset, e);
        } finally {
            barrier.exit(ticket);
        }
        src.position(src.position() + length);
    }

    /**
     * SYNCHRONIZE CACHE on one session. One suffices: SBC-4 §5.26 defines it on the logical unit's volatile
     * cache, which all I_T nexuses share; every write acknowledged to a client has completed at the target, so it
     * is in that cache. The barrier also waits for writes still in flight when the flush arrived.
     */
    @Override
    public void flush() throws IOException {
        barrier.awaitEarlierWrites();
        try {
            runner.run(BlockCommands.synchronizeCache(false), null);
        } catch (IOException e) {
            throw ScsiErrors.toBlockDeviceException("flush", e);
        }
    }

    @Override
    public void trim(long offset, long lengthBytes, boolean fua) throws IOException {
        BlockRange range = new BlockRange(offset / blockLength, lengthBytes / blockLength);
        List<Cdb> cdbs = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        for (BlockCommands.UnmapCommand u : unmapPlanner.plan(range)) {
            cdbs.add(u.cdb());
            buffers.add(ByteBuffer.wrap(u.parameterList()));
        }
        runWrites("trim " + lengthBytes + " bytes at " + offset, cdbs, buffers, fua);
    }

    @Override
    public void writeZeroes(long offset, long lengthBytes, boolean mayTrim, boolean fua) throws IOException {
        if (!writeSameWorks) {
            throw new BlockDeviceException(NbdError.ENOTSUP, "target rejected WRITE SAME: writing zeroes");
        }
        // SBC-4 §4.7.3.3: with UNMAP the device may deallocate, and reads then return what LBPRZ says; only
        // ask for it when that is zeroes.
        boolean unmap = mayTrim && profile.writeSameUnmapSupported() && profile.unmappedReadsZeroes();
        BlockRange range = new BlockRange(offset / blockLength, lengthBytes / blockLength);
        List<Cdb> cdbs = writeSamePlanner.plan(range, unmap, false);
        List<ByteBuffer> buffers = new ArrayList<>(cdbs.size());
        for (int i = 0; i < cdbs.size(); i++) {
            buffers.add(zeroBlock.duplicate());
        }
        try {
            runWrites("write zeroes " + lengthBytes + " bytes at " + offset, cdbs, buffers, fua);
        } catch (BlockDeviceException e) {
            if (e.error() == NbdError.ENOTSUP || e.error() == NbdError.EINVAL) {
                // ILLEGAL REQUEST: WRITE SAME(16) (or this form of it) is not implemented; the server writes
                // zero buffers instead, now and from now on.
                writeSameWorks = false;
                LOG.log(System.Logger.Level.INFO, "{0}: WRITE SAME rejected ({1}); zeroing by WRITE from now on",
                        profile.description(), e.getMessage());
                throw new BlockDeviceException(NbdError.ENOTSUP, e.getMessage(), e);
            }
            throw e;
        }
    }

    /** WRITE SAME and UNMAP have no FUA bit: a FUA request is followed by SYNCHRONIZE CACHE. */
    private void runWrites(String what, List<Cdb> cdbs, List<ByteBuffer> buffers, boolean fua) throws IOException {
        long ticket = barrier.enter();
        try {
            runner.runAll(cdbs, buffers);
        } catch (IOException e) {
            throw ScsiErrors.toBlockDeviceException(what, e);
        } finally {
            barrier.exit(ticket);
        }
        if (fua) {
            flush();
        }
    }

    @Override
    public void cache(long offset, long lengthBytes) throws IOException {
        long maxBlocks = profile.blockLimits().map(BlockLimits::maximumPrefetchLengthBlocks)
                .filter(n -> n > 0).orElse(0xFFFFL);
        List<Cdb> cdbs = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        long lba = offset / blockLength;
        long end = (offset + lengthBytes) / blockLength;
        while (lba < end) {
            long n = Math.min(maxBlocks, end - lba);
            // IMMED: the target checks the command and returns; the prefetch proceeds in the background.
            cdbs.add(BlockCommands.preFetch(new BlockRange(lba, n), true));
            buffers.add(null);
            lba += n;
        }
        try {
            runner.runAll(cdbs, buffers);
        } catch (IOException e) {
            throw ScsiErrors.toBlockDeviceException("cache " + lengthBytes + " bytes at " + offset, e);
        }
    }

    @Override
    public List<Extent> extents(long offset, long lengthBytes) throws IOException {
        if (!lbaStatusWorks) {
            return List.of(new Extent(Math.min(lengthBytes, sizeBytes() - offset), 0));
        }
        return LbaStatusExtents.query(runner, offset, lengthBytes, blockLength, sizeBytes(),
                profile.unmappedReadsZeroes(), LBA_STATUS_DESCRIPTORS, () -> lbaStatusWorks = false);
    }

    /** Splits a byte range into block ranges of at most {@link #maxBlocksPerCommand}. */
    List<BlockRange> split(long offset, long lengthBytes) {
        List<BlockRange> out = new ArrayList<>();
        long lba = offset / blockLength;
        long blocks = lengthBytes / blockLength;
        while (blocks > 0) {
            long n = Math.min(blocks, maxBlocksPerCommand);
            out.add(new BlockRange(lba, n));
            lba += n;
            blocks -= n;
        }
        return out;
    }

    long maxBlocksPerCommand() {
        return maxBlocksPerCommand;
    }

    /** Logs out of every session of the pool (the server has flushed already). */
    @Override
    public void close() {
        recovery.close();
        pool.close();
    }
}
