package org.lunbridge.iscsi.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lunbridge.iscsi.login.DiscoveredTarget;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.login.TargetAddress;
import org.lunbridge.iscsi.scsi.BlockLimits;
import org.lunbridge.iscsi.scsi.ModeParameters;
import org.lunbridge.iscsi.scsi.ReadCapacity;
import org.lunbridge.iscsi.scsi.ReportLuns;
import org.lunbridge.iscsi.scsi.StandardInquiry;
import org.lunbridge.iscsi.scsi.VpdPage;
import org.lunbridge.iscsi.session.DiscoverySession;

/** SendTargets discovery plus a per-LUN summary (what {@code lunbridge discover} prints). */
public final class Discovery {

    private static final long STEP_TIMEOUT_MILLIS = 15_000;

    /** One LUN as the target describes it. */
    public record LunSummary(int lun, long sizeBytes, int blockLengthBytes, String vendor, String product,
                             String revision, int peripheralDeviceType, boolean thinProvisioned,
                             boolean writeProtected, Optional<Long> maxUnmapBlocks) {}

    /** One target: its portals and LUNs, or why they could not be listed. */
    public record TargetSummary(String targetName, List<TargetAddress> portals, List<LunSummary> luns,
                                Optional<String> error) {}

    private final ClientConfig config;

    public Discovery(ClientConfig config) {
        this.config = config;
    }

    /** SendTargets=All against the URL's portal (RFC 7143 Appendix C). */
    public List<DiscoveredTarget> targets(IscsiUrl portal) throws IOException {
        LoginConfig login = LoginConfig.discovery(config.initiatorName(), config.isidBase().forSlot(0xff))
                .withOffer(config.offer());
        // Discovery CHAP is configured separately from targets' (tgt: none by default): let the target choose.
        login = config.chap(portal).map(login::withChap).orElse(login).withAllowNoAuthentication(true);
        return new Connector().connect(portal, login, config,
                (t, c) -> DiscoverySession.sendTargets(t, c, STEP_TIMEOUT_MILLIS));
    }

    /** Targets, then per target REPORT LUNS and per LUN INQUIRY / READ CAPACITY(16) / VPD B0, B2 / MODE SENSE. */
    public List<TargetSummary> describe(IscsiUrl portal) throws IOException {
        List<TargetSummary> out = new ArrayList<>();
        for (DiscoveredTarget t : targets(portal)) {
            IscsiUrl url = portal.withTarget(t.targetName(), 0);
            try (LunSession s = LunSession.open(url, config, 0, true)) {
                List<LunSummary> luns = new ArrayList<>();
                ReportLuns report = await(s.reportLuns());
                for (org.lunbridge.iscsi.scsi.Lun lun : report.luns()) {
                    if (lun.number().isEmpty()) {
                        continue;
                    }
                    luns.add(describeLun(s.forLun(lun.number().getAsInt())));
                }
                out.add(new TargetSummary(t.targetName(), t.portals(), luns, Optional.empty()));
            } catch (IOException e) {
                out.add(new TargetSummary(t.targetName(), t.portals(), List.of(), Optional.of(e.getMessage())));
            }
        }
        return out;
    }

    private static LunSummary describeLun(LunSession s) throws IOException {
        StandardInquiry inquiry = await(s.inquiry());
        if (inquiry.peripheralDeviceType() != 0) {
            // Not a block device (tgt's LUN 0 is a controller, type 0x0c): no capacity to report.
            return new LunSummary(s.lun(), 0, 0, inquiry.vendor(), inquiry.product(), inquiry.revision(),
                    inquiry.peripheralDeviceType(), false, false, Optional.empty());
        }
        ReadCapacity capacity = await(s.readCapacity());
        boolean thin = capacity.lbpme();
        Optional<Long> maxUnmap = Optional.empty();
        try {
            if (await(s.vpd(0xB2)) instanceof VpdPage.LogicalBlockProvisioning p) {
                thin = thin || p.provisioningType() == VpdPage.LogicalBlockProvisioning.PROVISIONING_THIN;
            }
            BlockLimits limits = await(s.blockLimits());
            maxUnmap = Optional.of(limits.maximumUnmapLbaCount());
        } catch (IOException e) {
            // Optional pages: a target without them is not thin-provisioned as far as we can tell.
        }
        boolean writeProtected = false;
        try {
            ModeParameters mode = await(s.modeSense());
            writeProtected = mode.writeProtected();
        } catch (IOException e) {
            // MODE SENSE unsupported: report not write protected.
        }
        return new LunSummary(s.lun(), capacity.blockCount() * capacity.blockLengthBytes(),
                capacity.blockLengthBytes(), inquiry.vendor(), inquiry.product(), inquiry.revision(),
                inquiry.peripheralDeviceType(), thin, writeProtected, maxUnmap);
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws IOException {
        try {
            return f.get(STEP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + STEP_TIMEOUT_MILLIS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
