package org.lunbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lunbridge.bridge.export.IscsiBackends;
import org.lunbridge.bridge.recovery.RecoveryConfig;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;

/**
 * Sessions lost at the target (tgtd drops the connections): an export that lost one session keeps serving on the
 * other; an export that lost all fails requests with EIO, while the daemon and the other exports keep serving. With
 * the recovery layer that is the {@code --replacement-timeout 0} behaviour (by default commands wait for the
 * reinstated sessions instead: RecoveryIT); the lost target's DefaultTime2Wait keeps the reconnect 10 s away.
 */
@ExtendWith(TgtdLogOnFailure.class)
class SessionLossIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void givenTwoTargets_whenAllSessionsOfOneAreDropped_thenItsExportFailsEioAndTheOtherServes() throws Exception {
        try (TgtdTarget tgtd = TgtdTarget.builder()
                .target("iqn.2026-01.org.lunbridge:lose", t -> t.allowAll().lun(1, 16 << 20))
                .target("iqn.2026-01.org.lunbridge:keep", t -> t.allowAll().lun(1, 16 << 20))
                .start()) {
            Map<String, String> exports = new LinkedHashMap<>();
            exports.put("lose", tgtd.iscsiUrl("iqn.2026-01.org.lunbridge:lose", 1));
            exports.put("keep", tgtd.iscsiUrl("iqn.2026-01.org.lunbridge:keep", 1));
            tgtd.updateTargetParam(tgtd.tid("iqn.2026-01.org.lunbridge:lose"), "DefaultTime2Wait", "10");
            IscsiBackends backends = IscsiBackends.defaults()
                    .withRecovery(RecoveryConfig.defaults().withReplacementTimeoutMillis(0));
            try (Bridge bridge = Bridge.serve(backends, exports, false)) {
                for (String name : exports.keySet()) {
                    Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "write -P 0x61 0 64k", bridge.uri(name));
                }
                assertEquals(2, tgtd.deleteConnections(tgtd.tid("iqn.2026-01.org.lunbridge:lose")));
                Tools.await(Duration.ofSeconds(15), "the pool to notice both sessions are gone",
                        () -> bridge.device("lose").pool().healthySessions() == 0);
                Tools.Result failed = Tools.run(TIMEOUT, "qemu-io", "-f", "raw", "-c", "read -P 0x61 0 64k",
                        bridge.uri("lose"));
                assertTrue(failed.output().contains("Input/output error"), failed.output());
                Tools.runOk(TIMEOUT, "qemu-io", "-f", "raw", "-c", "read -P 0x61 0 64k", "-c",
                        "write -P 0x62 64k 64k", bridge.uri("keep"));
                assertEquals(2, bridge.device("keep").pool().healthySessions());
            }
        }
    }
}
