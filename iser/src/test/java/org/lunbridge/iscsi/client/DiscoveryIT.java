package org.lunbridge.iscsi.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.login.DiscoveredTarget;
import org.lunbridge.iscsi.testing.LunSpec;
import org.lunbridge.iscsi.testing.TgtdTarget;

/**
 * SendTargets discovery and LUN summaries against real tgtd. Login redirection is covered by ConnectorTest: tgt 1.0.85
 * accepted RedirectAddress/RedirectPort/RedirectReason but answered logins with success on a single loopback address.
 */
class DiscoveryIT {

    static final String A = "iqn.2026-01.org.lunbridge:disc-a";
    static final String B = "iqn.2026-01.org.lunbridge:disc-b";
    static final String C = "iqn.2026-01.org.lunbridge:disc-c";

    @Test
    void givenThreeTargets_whenDiscovered_thenAllWithPortalsAndLunSummaries() throws Exception {
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target(A, t -> t.lun(1, 8 << 20).allowAll())
                .target(B, t -> t.lun(LunSpec.of(1, 4 << 20).withBlockSize(4096).asThin())
                        .lun(LunSpec.of(2, 2 << 20).asReadonly()).allowAll())
                .target(C, t -> t.lun(1, 1 << 20).allowAll())
                .start()) {
            IscsiUrl portal = IscsiUrl.parse("iscsi://127.0.0.1:" + tgtd.port());
            List<DiscoveredTarget> targets = new Discovery(ClientConfig.defaults()).targets(portal);
            assertEquals(List.of(A, B, C), targets.stream().map(DiscoveredTarget::targetName).sorted().toList());
            assertTrue(targets.stream().allMatch(t -> t.portals().get(0).port() == tgtd.port()));
            List<Discovery.TargetSummary> summary = new Discovery(ClientConfig.defaults()).describe(portal);
            Discovery.TargetSummary b = summary.stream().filter(t -> t.targetName().equals(B)).findFirst()
                    .orElseThrow();
            assertEquals(List.of(0, 1, 2), b.luns().stream().map(Discovery.LunSummary::lun).toList());
            Discovery.LunSummary b1 = b.luns().get(1);
            assertEquals(4 << 20, b1.sizeBytes());
            assertEquals(4096, b1.blockLengthBytes());
            assertTrue(b1.thinProvisioned());
            assertTrue(b.luns().get(2).writeProtected());
            assertEquals(0x0c, b.luns().get(0).peripheralDeviceType(), "tgt's LUN 0 is a controller");
        }
    }
}
