package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.iscsi.login.LoginFixtures.FULL_FEATURE;
import static org.lunbridge.iscsi.login.LoginFixtures.INITIATOR;
import static org.lunbridge.iscsi.login.LoginFixtures.ISID;
import static org.lunbridge.iscsi.login.LoginFixtures.OPERATIONAL;
import static org.lunbridge.iscsi.login.LoginFixtures.SECURITY;
import static org.lunbridge.iscsi.login.LoginFixtures.TARGET;
import static org.lunbridge.iscsi.login.LoginFixtures.agreeTo;
import static org.lunbridge.iscsi.login.LoginFixtures.keys;
import static org.lunbridge.iscsi.login.LoginFixtures.partial;
import static org.lunbridge.iscsi.login.LoginFixtures.request;
import static org.lunbridge.iscsi.login.LoginFixtures.response;
import static org.lunbridge.iscsi.login.LoginFixtures.text;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ways a login attempt can fail: every one typed, and the conversation left FAILED. */
class LoginConversationFailureTest {

    private static final byte[] TARGET_CHALLENGE = HexFormat.of().parseHex("00112233445566778899aabbccddeeff0102");

    private static LoginConversation noAuth() {
        return new LoginConversation(LoginConfig.normal(INITIATOR, TARGET, ISID));
    }

    private static LoginConversation chap(ChapConfig chapConfig) {
        LoginConfig config = LoginConfig.normal(INITIATOR, TARGET, ISID).withChap(chapConfig);
        return new LoginConversation(config, new ChapAuthenticator(chapConfig, new Random(3),
                new ChapChallengeHistory(16)));
    }

    /** Drives a conversation already in the operational stage to completion with an agreeable target. */
    private static LoginStep.LoginResult finishOperational(LoginConversation c, LoginStep operationalRequest)
            throws LoginException {
        LoginMessages.Request req = request(operationalRequest);
        assertEquals(LoginStage.LOGIN_OPERATIONAL_NEGOTIATION, req.currentStage());
        assertTrue(req.transit());
        assertEquals(LoginStage.FULL_FEATURE_PHASE, req.nextStage());
        LoginStep done = c.onResponse(response(true, OPERATIONAL, FULL_FEATURE, 0x1234, agreeTo(keys(req),
                "MaxRecvDataSegmentLength=65536")));
        assertEquals(LoginState.FULL_FEATURE_PHASE, c.state());
        return assertInstanceOf(LoginStep.Complete.class, done).result();
    }

    @Test
    void givenRedirectTemporary_whenReceived_thenLoginRedirectExceptionWithPortal() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        LoginRedirectException e = assertThrows(LoginRedirectException.class,
                () -> c.onResponse(LoginFixtures.status(1, 1, "TargetAddress=[fd00::5]:3261,2")));
        assertEquals("fd00::5", e.host());
        assertEquals(3261, e.port());
        assertEquals(2, e.targetPortalGroupTag());
        assertFalse(e.permanent());
        assertEquals(LoginState.FAILED, c.state());
    }

    @Test
    void givenRedirectPermanentWithoutPort_whenReceived_thenDefaultPort() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        LoginRedirectException e = assertThrows(LoginRedirectException.class,
                () -> c.onResponse(LoginFixtures.status(1, 2, "TargetAddress=10.0.0.9")));
        assertEquals(3260, e.port());
        assertEquals(-1, e.targetPortalGroupTag());
        assertTrue(e.permanent());
    }

    @Test
    void givenRedirectWithoutAddress_whenReceived_thenProtocolError() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        assertThrows(LoginProtocolException.class, () -> c.onResponse(LoginFixtures.status(1, 1)));
    }

    @Test
    void givenEveryFailureStatus_whenReceived_thenLoginFailedWithThatStatus() throws Exception {
        for (LoginStatus s : LoginStatus.values()) {
            if (s.statusClass() < 2) {
                continue;
            }
            LoginConversation c = noAuth();
            c.start();
            LoginFailedException e = assertThrows(LoginFailedException.class,
                    () -> c.onResponse(LoginFixtures.status(s.statusClass(), s.statusDetail())));
            assertEquals(s, e.status());
            assertEquals(s.retryMayHelp(), e.retryMayHelp());
            assertTrue(e.getMessage().contains(String.format("0x%04x %s", s.code(), s.name())), e.getMessage());
            assertEquals(LoginState.FAILED, c.state());
        }
    }

    @Test
    void givenNotFoundAndAuthorization_whenReceived_thenClearText() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        LoginFailedException nf = assertThrows(LoginFailedException.class, () -> c.onResponse(LoginFixtures.status(2, 3)));
        assertTrue(nf.getMessage().contains("target IQN not found: " + TARGET), nf.getMessage());
        LoginConversation c2 = noAuth();
        c2.start();
        LoginFailedException az = assertThrows(LoginFailedException.class, () -> c2.onResponse(LoginFixtures.status(2, 2)));
        assertTrue(az.getMessage().contains("authorization failure: initiator " + INITIATOR), az.getMessage());
    }

    @Test
    void givenUndefinedStatusClass_whenReceived_thenProtocolError() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        assertThrows(LoginProtocolException.class, () -> c.onResponse(LoginFixtures.status(4, 0)));
    }

    @Test
    void givenTargetBreaksStageRules_whenReceived_thenLoginProtocolException() throws Exception {
        List<LoginMessages.Response> bad = List.of(
                response(true, OPERATIONAL, FULL_FEATURE, 1, "AuthMethod=None"),              // wrong CSG
                response(true, SECURITY, FULL_FEATURE, 1, "AuthMethod=None"),                 // NSG beyond ours
                response(true, SECURITY, SECURITY, 0, "AuthMethod=None"),                     // NSG not after CSG
                response(true, SECURITY, 2, 0, "AuthMethod=None"),                            // reserved stage
                new LoginMessages.Response(true, true, SECURITY, OPERATIONAL, 0, 0, 0, 0, 0, new byte[0]), // T+C
                new LoginMessages.Response(true, false, SECURITY, OPERATIONAL, 0, 1, 0, 0, 0,
                        text("AuthMethod=None")));                                          // VersionActive 1
        for (LoginMessages.Response r : bad) {
            LoginConversation c = noAuth();
            c.start();
            assertThrows(LoginProtocolException.class, () -> c.onResponse(r), r.toString());
            assertEquals(LoginState.FAILED, c.state());
        }
    }

    @Test
    void givenChapOnlyRequestWithoutTransit_whenTargetTransits_thenProtocolError() throws Exception {
        LoginConversation c = chap(ChapConfig.oneWay(ChapCredentials.of("alice", "alice-secret-123")));
        c.start();
        LoginProtocolException e = assertThrows(LoginProtocolException.class,
                () -> c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None")));
        assertTrue(e.getMessage().contains("without our T bit"));
    }

    @Test
    void givenTsihProblems_whenReceived_thenProtocolError() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        Map<String, String> offer = keys(c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None")));
        assertThrows(LoginProtocolException.class,
                () -> c.onResponse(response(true, OPERATIONAL, FULL_FEATURE, 0, agreeTo(offer))));
        LoginConversation c2 = noAuth();
        c2.start();
        Map<String, String> offer2 = keys(c2.onResponse(response(true, SECURITY, OPERATIONAL, 5, "AuthMethod=None")));
        assertThrows(LoginProtocolException.class,
                () -> c2.onResponse(response(true, OPERATIONAL, FULL_FEATURE, 6, agreeTo(offer2))));
    }

    @Test
    void givenIllegalAnswerInFinalResponse_whenReceived_thenNegotiationException() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        Map<String, String> offer = keys(c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None")));
        offer.put("MaxBurstLength", "99999999");
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> c.onResponse(response(true, OPERATIONAL, FULL_FEATURE, 3, agreeTo(offer))));
        assertEquals("MaxBurstLength", e.key());
        assertEquals(LoginState.FAILED, c.state());
    }

    @Test
    void givenTargetNeverTransits_whenExchangesExceedLimit_thenProtocolError() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        c.onResponse(response(false, SECURITY, SECURITY, 0, "AuthMethod=None"));
        LoginProtocolException e = assertThrows(LoginProtocolException.class, () -> {
            for (int i = 0; i < 100; i++) {
                c.onResponse(response(false, SECURITY, SECURITY, 0));
            }
        });
        assertTrue(e.getMessage().contains("did not finish"));
    }

    @Test
    void givenCompletedLogin_whenMoreInputOrRestart_thenIllegalState() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        finishOperational(c, c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None")));
        assertThrows(IllegalStateException.class, c::start);
        assertThrows(IllegalStateException.class, () -> c.onResponse(response(true, OPERATIONAL, FULL_FEATURE, 1)));
    }

    @Test
    void givenTargetTransitsEarlyWithoutAnswering_whenReceived_thenNegotiationExceptionNamesKeys() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None"));
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> c.onResponse(response(true, OPERATIONAL, FULL_FEATURE, 7)));
        assertTrue(e.getMessage().contains("never answered [HeaderDigest"), e.getMessage());
        assertEquals(LoginState.FAILED, c.state());
    }

    @Test
    void givenSecurityKeysInOperationalStage_whenReceived_thenProtocolError() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None"));
        assertThrows(LoginProtocolException.class,
                () -> c.onResponse(response(false, OPERATIONAL, OPERATIONAL, 7, "CHAP_A=5")));
    }
}
