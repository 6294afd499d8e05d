package org.lunbridge.bridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.lunbridge.bridge.recovery.RecoveryConfig;
import org.lunbridge.iscsi.client.ClientConfig;

class IscsiBackendsTest {

    @Test
    void givenDefaultPolicy_whenSessionConfigured_thenSessionTmfTimeoutOutlastsAbortAndLunReset() {
        RecoveryConfig policy = RecoveryConfig.defaults();
        ClientConfig client = IscsiBackends.clientFor(ClientConfig.defaults(), policy);
        long escalation = Math.max(policy.abortTimeoutMillis(), policy.lunResetTimeoutMillis());
        assertEquals(escalation + 5_000, client.session().tmfTimeoutMillis());
    }

    @Test
    void givenShortPolicy_whenSessionConfigured_thenSessionDefaultKept() {
        RecoveryConfig policy = RecoveryConfig.defaults().withAbortTimeoutMillis(1_000).withLunResetTimeoutMillis(2_000);
        ClientConfig client = IscsiBackends.clientFor(ClientConfig.defaults(), policy);
        assertEquals(ClientConfig.defaults().session().tmfTimeoutMillis(), client.session().tmfTimeoutMillis());
    }
}
