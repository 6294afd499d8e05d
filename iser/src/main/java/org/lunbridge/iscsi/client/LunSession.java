package org.lunbridge.iscsi.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.scsi.BlockCommands;
import org.lunbridge.iscsi.scsi.BlockLimits;
import org.lunbridge.iscsi.scsi.BlockRange;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.LbaStatus;
import org.lunbridge.iscsi.scsi.ModeParameters;
import org.lunbridge.iscsi.scsi.PrimaryCommands;
import org.lunbridge.iscsi.scsi.ReadCapacity;
import org.lunbridge.iscsi.scsi.ReportLuns;
import org.lunbridge.iscsi.scsi.ScsiDataException;
import org.lunbridge.iscsi.scsi.ScsiStatusException;
import org.lunbridge.iscsi.scsi.StandardInquiry;
import org.lunbridge.iscsi.scsi.VpdPage;
import org.lunbridge.iscsi.session.IscsiSession;
import org.lunbridge.iscsi.session.ScsiOutcome;
import org.lunbridge.iscsi.session.SessionListener;
import org.lunbridge.iscsi.session.SessionStats;

/**
 * A logged-in session to one target, addressing one LUN: what the bridge uses. Every command returns a
 * {@link CompletableFuture}; a non-GOOD status completes it with the scsi package's
 * {@link org.lunbridge.iscsi.scsi.CheckConditionException} / {@link ScsiStatusException}, connection loss with
 * {@link org.lunbridge.iscsi.session.ConnectionLostException}, a TMF with
 * {@link org.lunbridge.iscsi.session.TaskAbortedException}. Data buffers are used between position and limit
 * and are neither copied nor moved. Futures complete on the session's reader thread: chain non-blocking work only
 * (never {@code get()} or {@link #close()} there).
 */
public final class LunSession implements AutoCloseable {

    private static final int INQUIRY_ALLOCATION = 255;
    private static final int READ_CAPACITY_16_ALLOCATION = 32;
    private static final int MODE_SENSE_ALLOCATION = 4096;
    private static final int ALL_PAGES = 0x3f;
    private static final int UNIT_ATTENTION = 0x6;
    static final int UNIT_ATTENTION_RETRIES = 3;
    private static final System.Logger LOG = System.getLogger("org.lunbridge.iscsi.client");

    private final IscsiSession session;
    private final int lun;
    private final boolean ownsSession;

    LunSession(IscsiSession session, int lun, boolean ownsSession) {
        this.session = session;
        this.lun = lun;
        this.ownsSession = ownsSession;
    }

    /** Connects and logs in to the URL's target (session slot 0), addressing the URL's LUN (default 0). */
    public static LunSession open(IscsiUrl url, ClientConfig config) throws IOException {
        return open(url, config, 0);
    }

    /** As {@link #open(IscsiUrl, ClientConfig)} with the ISID of session slot {@code slot}. */
    public static LunSession open(IscsiUrl url, ClientConfig config, int slot) throws IOException {
        return open(url, config, slot, false);
    }

    /**
     * @param allowNoAuthentication with CHAP credentials, also offer AuthMethod=None and let the target choose
     *     (discovery uses one set of credentials for targets that may or may not require them)
     */
    static LunSession open(IscsiUrl url, ClientConfig config, int slot, boolean allowNoAuthentication)
            throws IOException {
        String target = url.targetName().orElseThrow(() -> new IllegalArgumentException(
                "URL has no target name: " + url));
        LoginConfig login = LoginConfig.normal(config.initiatorName(), target, config.isidBase().forSlot(slot))
                .withOffer(config.offer());
        login = config.chap(url).map(login::withChap).orElse(login).withAllowNoAuthentication(allowNoAuthentication);
        IscsiSession session = new Connector().openSession(url, login, config);
        return new LunSession(session, url.lun().orElse(0), true);
    }

    /** Another LUN over the same session; closing the view does not close the session. */
    public LunSession forLun(int otherLun) {
        return new LunSession(session, otherLun, false);
    }

    public int lun() {
        return lun;
    }

    public IscsiSession session() {
        return session;
    }

    public void addListener(SessionListener listener) {
        session.addListener(listener);
    }

    /** Session-level counters (PDUs by kind, timeouts, late responses, payload bytes). */
    public SessionStats.Snapshot stats() {
        return session.stats();
    }

    /** The transport's wire counters (octets, PDUs by opcode, digest errors, timeouts). */
    public java.util.Optional<org.lunbridge.iscsi.transport.ConnectionStats.Snapshot> connectionStats() {
        return session.connectionStats();
    }

    /** Executes a built CDB; the buffer is data-in or data-out per {@link Cdb#direction()}. */
    public CompletableFuture<ScsiOutcome> execute(Cdb cdb, ByteBuffer data) {
        if (cdb.direction() != Cdb.Direction.NONE && (data == null || data.remaining() != cdb.transferLengthBytes())) {
            throw new IllegalArgumentException(cdb.description() + ": buffer of "
                    + (data == null ? "null" : data.remaining() + " bytes") + " (expected: "
                    + cdb.transferLengthBytes() + " bytes)");
        }
        return session.execute(lun, cdb.bytes(), cdb.direction() == Cdb.Direction.READ ? data : null,
                cdb.direction() == Cdb.Direction.WRITE ? data : null);
    }

    /**
     * Executes and fails the future unless GOOD. A UNIT ATTENTION is retried (up to {@link #UNIT_ATTENTION_RETRIES}
     * times): SAM-5 §5.14 reports it instead of executing the command, once per event (power on, reset, capacity
     * change), so the command did not run and repeating it is safe, as the Linux SCSI midlayer and libiscsi do.
     */
    private CompletableFuture<ScsiOutcome> good(Cdb cdb, ByteBuffer data) {
        return good(cdb, data, UNIT_ATTENTION_RETRIES);
    }

    private CompletableFuture<ScsiOutcome> good(Cdb cdb, ByteBuffer data, int retries) {
        return execute(cdb, data).thenCompose(outcome -> {
            if (retries > 0 && outcome instanceof ScsiOutcome.CheckCondition c && c.sense().isPresent()
                    && c.sense().get().senseKey() == UNIT_ATTENTION) {
                LOG.log(System.Logger.Level.INFO, "{0}: {1}; retrying", cdb.description(), c.sense().get());
                return good(cdb, data, retries - 1);
            }
            try {
                outcome.throwIfNotGood(cdb.description());
            } catch (ScsiStatusException e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture(outcome);
        });
    }

    /** A data-in command whose transferred bytes {@code parser} decodes. */
    private <T> CompletableFuture<T> query(Cdb cdb, Parser<T> parser) {
        ByteBuffer buffer = ByteBuffer.allocate((int) cdb.transferLengthBytes());
        return good(cdb, buffer).thenApply(outcome -> {
            try {
                return parser.parse(buffer.slice(0, outcome.transferred(buffer.capacity())));
            } catch (ScsiDataException e) {
                throw new CompletionException(e);
            }
        });
    }

    private interface Parser<T> {
        T parse(ByteBuffer data) throws ScsiDataException;
    }

    private static CompletableFuture<Void> done(CompletableFuture<ScsiOutcome> f) {
        return f.thenApply(o -> null);
    }

    /** READ(16) of {@code blocks} blocks at {@code lba} into {@code dst} (remaining = blocks * block size). */
    public CompletableFuture<Void> read(long lba, long blocks, int blockLengthBytes, ByteBuffer dst) {
        return done(good(BlockCommands.read16(new BlockRange(lba, blocks), blockLengthBytes, false), dst));
    }

    /** WRITE(16), FUA on request (SBC-4 §5.41). */
    public CompletableFuture<Void> write(long lba, long blocks, int blockLengthBytes, ByteBuffer src, boolean fua) {
        return done(good(BlockCommands.write16(new BlockRange(lba, blocks), blockLengthBytes, fua), src));
    }

    /** SYNCHRONIZE CACHE of the whole LUN. */
    public CompletableFuture<Void> synchronizeCache() {
        return done(good(BlockCommands.synchronizeCache(false), null));
    }

    /** UNMAP of {@code ranges} (SBC-4 §5.32). */
    public CompletableFuture<Void> unmap(List<BlockRange> ranges) {
        BlockCommands.UnmapCommand u = BlockCommands.unmap(ranges);
        return done(good(u.cdb(), ByteBuffer.wrap(u.parameterList())));
    }

    /** WRITE SAME(16) of a zero block over the range, with the UNMAP bit on request. */
    public CompletableFuture<Void> writeSame(long lba, long blocks, int blockLengthBytes, boolean unmap) {
        Cdb cdb = BlockCommands.writeSame16(new BlockRange(lba, blocks), blockLengthBytes, unmap, false);
        return done(good(cdb, ByteBuffer.allocate(blockLengthBytes)));
    }

    public CompletableFuture<Void> testUnitReady() {
        return done(good(PrimaryCommands.testUnitReady(), null));
    }

    public CompletableFuture<StandardInquiry> inquiry() {
        return query(PrimaryCommands.inquiry(INQUIRY_ALLOCATION), StandardInquiry::parse);
    }

    /** A VPD page (SPC-4 §7.8), e.g. 0xB0 Block Limits, 0xB2 Logical Block Provisioning. */
    public CompletableFuture<VpdPage> vpd(int pageCode) {
        return query(PrimaryCommands.inquiryVpd(pageCode, INQUIRY_ALLOCATION), VpdPage::parse);
    }

    public CompletableFuture<BlockLimits> blockLimits() {
        return query(PrimaryCommands.inquiryVpd(0xB0, INQUIRY_ALLOCATION), BlockLimits::parse);
    }

    public CompletableFuture<ReadCapacity> readCapacity() {
        return query(BlockCommands.readCapacity16(READ_CAPACITY_16_ALLOCATION), ReadCapacity::parse16);
    }

    /** GET LBA STATUS from {@code lba} (SBC-4 §5.8): mapped / deallocated extents, up to 255 descriptors. */
    public CompletableFuture<LbaStatus> lbaStatus(long lba) {
        return query(BlockCommands.getLbaStatus(lba, 8 + 16 * 255), LbaStatus::parse);
    }

    public CompletableFuture<ReportLuns> reportLuns() {
        return query(PrimaryCommands.reportLuns(0, 4096), ReportLuns::parse);
    }

    /** MODE SENSE(10), all pages, current values (for WP and the caching page). */
    public CompletableFuture<ModeParameters> modeSense() {
        return query(PrimaryCommands.modeSense10(false, true, 0, ALL_PAGES, 0, MODE_SENSE_ALLOCATION),
                ModeParameters::parse10);
    }

    // ---- task management (RFC 7143 §11.5) ---------------------------------------------------------------

    /** ABORT TASK for a command this session returned. Completes with the TMF response code. */
    public CompletableFuture<Integer> abortTask(CompletableFuture<ScsiOutcome> command) {
        return session.abortTask(command);
    }

    public CompletableFuture<Integer> abortTaskSet() {
        return session.taskManagement(IscsiConstants.TMF_ABORT_TASK_SET, lun);
    }

    public CompletableFuture<Integer> logicalUnitReset() {
        return session.taskManagement(IscsiConstants.TMF_LOGICAL_UNIT_RESET, lun);
    }

    public CompletableFuture<Integer> targetWarmReset() {
        return session.taskManagement(IscsiConstants.TMF_TARGET_WARM_RESET, 0);
    }

    /** Logs out (if this view owns the session). */
    @Override
    public void close() {
        if (ownsSession) {
            session.close();
        }
    }
}
