package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.testing.TgtdLogOnFailure;
import org.lunbridge.iscsi.testing.TgtdTarget;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.Transport;
import org.lunbridge.iscsi.transport.TransportOptions;

/** The harness's CHAP accounts (incoming and outgoing) against a CHAP-MD5 exchange over the transport. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@ExtendWith(TgtdLogOnFailure.class)
class TgtdChapIT {
    private static final String IQN = "iqn.2026-01.org.lunbridge:chap";

    private static TgtdTarget startTgtd() throws Exception {
        return TgtdTarget.builder()
                .target(IQN, t -> t.lun(1, 1 << 20).allowAll()
                        .incomingUser("alice", "alice-secret-1").outgoingUser("target", "target-secret-1"))
                .start();
    }

    private static Transport connect(TgtdTarget tgtd) throws Exception {
        ConnectResult result = new TcpConnector().connect(tgtd.portal(), TransportOptions.defaults());
        return assertInstanceOf(ConnectResult.Connected.class, result, result::toString).transport();
    }

    @Test
    void givenMutualChapAccounts_whenBothSecretsRight_thenTargetProvesItselfAndLoginProceeds() throws Exception {
        try (TgtdTarget tgtd = startTgtd(); Transport transport = connect(tgtd)) {
            TestChapLogin.Result result = TestChapLogin.securityStage(transport, IQN, "alice", "alice-secret-1",
                    "target", "target-secret-1");

            assertTrue(result.response().isSuccess(), result.keys().toString());
            assertTrue(result.response().transit());
            assertEquals(IscsiConstants.STAGE_LOGIN_OPERATIONAL_NEGOTIATION, result.response().nsg());
        }
    }

    @Test
    void givenWrongInitiatorSecret_whenChapResponse_thenAuthenticationFailure() throws Exception {
        try (TgtdTarget tgtd = startTgtd(); Transport transport = connect(tgtd)) {
            TestChapLogin.Result result = TestChapLogin.securityStage(transport, IQN, "alice", "wrong-secret-1",
                    null, null);

            assertEquals(IscsiConstants.LOGIN_AUTHENTICATION_FAILURE, result.response().status(),
                    IscsiConstants.nameOfLoginStatus(result.response().status()));
        }
    }
}
