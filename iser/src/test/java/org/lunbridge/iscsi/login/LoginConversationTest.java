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

class LoginConversationTest {

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
    void givenNoAuthentication_whenTargetAgrees_thenSecurityOperationalFullFeature() throws Exception {
        LoginConversation c = noAuth();
        LoginMessages.Request first = request(c.start());
        assertEquals(LoginStage.SECURITY_NEGOTIATION, first.currentStage());
        assertTrue(first.transit());
        assertEquals(LoginStage.LOGIN_OPERATIONAL_NEGOTIATION, first.nextStage());
        assertEquals(ISID, first.isid());
        assertEquals(0, first.tsih());
        assertEquals(Map.of("InitiatorName", INITIATOR, "TargetName", TARGET, "SessionType", "Normal",
                "AuthMethod", "None"), keys(first));
        LoginStep op = c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "TargetPortalGroupTag=1",
                "AuthMethod=None"));
        assertEquals(LoginState.OPERATIONAL_NEGOTIATION, c.state());
        LoginStep.LoginResult r = finishOperational(c, op);
        assertEquals(0x1234, r.tsih());
        assertEquals(ISID, r.isid());
        assertEquals(1, r.session().targetPortalGroupTag().getAsInt());
        assertEquals(Optional.of(TARGET), r.session().targetName());
        assertEquals(65536, r.connection().maxSendDataSegmentLength());
        assertEquals(Optional.empty(), r.chapAlgorithm());
    }

    @Test
    void givenOneWayChap_whenTargetChoosesSha256_thenResponseVerifiesAndLoginCompletes() throws Exception {
        LoginConversation c = chap(ChapConfig.oneWay(ChapCredentials.of("alice", "alice-secret-123")));
        LoginMessages.Request first = request(c.start());
        assertFalse(first.transit(), "CHAP only: no transit before authenticating");
        assertEquals("CHAP", keys(first).get("AuthMethod"));
        LoginStep step = c.onResponse(response(false, SECURITY, SECURITY, 0, "TargetPortalGroupTag=1",
                "AuthMethod=CHAP"));
        assertEquals(Map.of("CHAP_A", "8,7,6,5"), keys(step));
        assertFalse(request(step).transit());
        step = c.onResponse(response(false, SECURITY, SECURITY, 0, "CHAP_A=7", "CHAP_I=77",
                "CHAP_C=0x" + HexFormat.of().formatHex(TARGET_CHALLENGE)));
        Map<String, String> answer = keys(step);
        assertEquals("alice", answer.get("CHAP_N"));
        byte[] expected = ChapAlgorithm.SHA256.response(77, "alice-secret-123".getBytes(StandardCharsets.UTF_8),
                TARGET_CHALLENGE);
        assertArrayEquals(expected, BinaryValues.decode("CHAP_R", answer.get("CHAP_R")));
        assertTrue(request(step).transit());
        assertEquals(Optional.of(ChapAlgorithm.SHA256), c.chapAlgorithm());
        LoginStep op = c.onResponse(response(true, SECURITY, OPERATIONAL, 0));
        LoginStep.LoginResult r = finishOperational(c, op);
        assertEquals(Optional.of(ChapAlgorithm.SHA256), r.chapAlgorithm());
    }

    private static ChapConfig mutualConfig() {
        return ChapConfig.mutual(ChapCredentials.of("alice", "alice-secret-123"),
                ChapCredentials.of("disk", "disk-secret-4567"));
    }

    private static LoginStep throughChallenge(LoginConversation c) throws LoginException {
        c.start();
        c.onResponse(response(false, SECURITY, SECURITY, 0, "AuthMethod=CHAP"));
        return c.onResponse(response(false, SECURITY, SECURITY, 0, "CHAP_A=5", "CHAP_I=1",
                "CHAP_C=0x" + HexFormat.of().formatHex(TARGET_CHALLENGE)));
    }

    @Test
    void givenMutualChap_whenTargetProvesItself_thenLoginCompletes() throws Exception {
        LoginConversation c = chap(mutualConfig());
        Map<String, String> ours = keys(throughChallenge(c));
        byte[] ourChallenge = BinaryValues.decode("CHAP_C", ours.get("CHAP_C"));
        byte[] proof = ChapAlgorithm.MD5.response(Integer.parseInt(ours.get("CHAP_I")),
                "disk-secret-4567".getBytes(StandardCharsets.UTF_8), ourChallenge);
        LoginStep op = c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "CHAP_N=disk",
                "CHAP_R=" + BinaryValues.encode(proof, BinaryValues.Encoding.BASE64)));
        finishOperational(c, op);
    }

    @Test
    void givenMutualChap_whenTargetTransitsWithoutProof_thenAuthenticationFailsAndStateFailed() throws Exception {
        LoginConversation c = chap(mutualConfig());
        throughChallenge(c);
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> c.onResponse(response(true, SECURITY, OPERATIONAL, 0)));
        assertEquals(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED, e.reason());
        assertEquals(LoginState.FAILED, c.state());
        assertThrows(IllegalStateException.class, () -> c.onResponse(response(true, SECURITY, OPERATIONAL, 0)));
    }

    @Test
    void givenMutualChap_whenTargetProofArrivesLate_thenWeWaitWithTransitSet() throws Exception {
        LoginConversation c = chap(mutualConfig());
        Map<String, String> ours = keys(throughChallenge(c));
        LoginStep again = c.onResponse(response(false, SECURITY, SECURITY, 0));   // target holds back
        assertTrue(request(again).transit());
        assertEquals(0, request(again).data().length);
        byte[] proof = ChapAlgorithm.MD5.response(Integer.parseInt(ours.get("CHAP_I")),
                "disk-secret-4567".getBytes(StandardCharsets.UTF_8), BinaryValues.decode("CHAP_C", ours.get("CHAP_C")));
        LoginStep op = c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "CHAP_N=disk",
                "CHAP_R=" + BinaryValues.encode(proof, BinaryValues.Encoding.HEX)));
        finishOperational(c, op);
    }

    @Test
    void givenChapAndNoneAllowed_whenTargetChoosesNoneAndTransitsAtOnce_thenOperationalNext() throws Exception {
        ChapConfig cc = ChapConfig.oneWay(ChapCredentials.of("alice", "alice-secret-123"));
        LoginConfig config = LoginConfig.normal(INITIATOR, TARGET, ISID).withChap(cc).withAllowNoAuthentication(true);
        LoginConversation c = new LoginConversation(config);
        LoginMessages.Request first = request(c.start());
        assertEquals("CHAP,None", keys(first).get("AuthMethod"));
        assertTrue(first.transit());
        LoginStep op = c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None"));
        finishOperational(c, op);
    }

    @Test
    void givenChapRequired_whenTargetAnswersNoneOrReject_thenAuthMethodRejected() throws Exception {
        for (String answer : new String[] {"AuthMethod=None", "AuthMethod=Reject", "TargetPortalGroupTag=1"}) {
            LoginConversation c = chap(ChapConfig.oneWay(ChapCredentials.of("alice", "alice-secret-123")));
            c.start();
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> c.onResponse(response(false, SECURITY, SECURITY, 0, answer)));
            assertEquals(AuthenticationException.Reason.AUTH_METHOD_REJECTED, e.reason(), answer);
        }
    }

    @Test
    void givenChapAlgorithmsRejected_whenRetriedWithPolicy_thenSecondAttemptOffersMd5Only() throws Exception {
        ChapConfig cc = ChapConfig.oneWay(ChapCredentials.of("alice", "alice-secret-123"));
        LoginConversation c = chap(cc);
        c.start();
        c.onResponse(response(false, SECURITY, SECURITY, 0, "AuthMethod=CHAP"));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> c.onResponse(response(false, SECURITY, SECURITY, 0, "CHAP_A=Reject")));
        Optional<List<ChapAlgorithm>> retry = ChapRetryPolicy.retryAlgorithms(cc.algorithms(), c.chapAlgorithm(), e);
        LoginConversation second = chap(cc.withAlgorithms(retry.orElseThrow()));
        second.start();
        assertEquals(Map.of("CHAP_A", "5"), keys(second.onResponse(response(false, SECURITY, SECURITY, 0,
                "AuthMethod=CHAP"))));
    }

    @Test
    void givenAuthFailureStatus_whenReceived_thenMessageNamesUserAndAlgorithm() throws Exception {
        LoginConversation c = chap(ChapConfig.oneWay(ChapCredentials.of("alice", "alice-secret-123")));
        throughChallenge(c);
        LoginFailedException e = assertThrows(LoginFailedException.class,
                () -> c.onResponse(LoginFixtures.status(2, 1)));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, e.status());
        assertEquals(LoginStage.SECURITY_NEGOTIATION, e.stage());
        assertTrue(e.getMessage().contains("CHAP authentication failed for user alice (CHAP_A=5 MD5)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("alice-secret"));
        assertFalse(e.retryMayHelp());
    }

    @Test
    void givenOperationalStage_whenTargetHoldsBackAndOffersKeys_thenWeAnswerAndAskAgain() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        Map<String, String> offer = keys(c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None")));
        // Late: answers our keys but stays (T=0) and offers one of its own.
        LoginStep next = c.onResponse(response(false, OPERATIONAL, OPERATIONAL, 0x10, agreeTo(offer,
                "X-com.example.Quirk=1")));
        assertEquals(Map.of("X-com.example.Quirk", "NotUnderstood"), keys(next));
        assertTrue(request(next).transit());
        // Later still: an empty T=0 response; we keep asking with an empty T=1 request.
        next = c.onResponse(response(false, OPERATIONAL, OPERATIONAL, 0x10));
        assertEquals(0, request(next).data().length);
        assertTrue(request(next).transit());
        LoginStep done = c.onResponse(response(true, OPERATIONAL, FULL_FEATURE, 0x10));
        assertEquals(0x10, assertInstanceOf(LoginStep.Complete.class, done).result().tsih());
    }

    @Test
    void givenTargetTextWithContinueBit_whenReassembled_thenProcessedOnceComplete() throws Exception {
        LoginConversation c = noAuth();
        c.start();
        Map<String, String> offer = keys(c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None")));
        byte[] whole = text(agreeTo(offer, "TargetAlias=split alias"));
        int cut = whole.length / 2 + 3;   // mid-pair
        LoginStep more = c.onResponse(partial(OPERATIONAL, java.util.Arrays.copyOfRange(whole, 0, cut)));
        assertEquals(0, request(more).data().length, "empty request fetches the rest");
        assertFalse(request(more).continues());
        LoginStep done = c.onResponse(new LoginMessages.Response(true, false, OPERATIONAL, FULL_FEATURE, 0, 0, 9, 0, 0,
                java.util.Arrays.copyOfRange(whole, cut, whole.length)));
        LoginStep.LoginResult r = assertInstanceOf(LoginStep.Complete.class, done).result();
        assertEquals(Optional.of("split alias"), r.session().targetAlias());
    }

    @Test
    void givenOurTextLongerThanLoginSegment_whenSent_thenSplitWithContinueBit() throws Exception {
        LoginConfig config = LoginConfig.normal(INITIATOR, TARGET, ISID);
        LoginConversation c = new LoginConversation(config, null, 64);
        LoginMessages.Request part1 = request(c.start());
        assertTrue(part1.continues());
        assertFalse(part1.transit(), "T must be 0 while C is 1");
        assertEquals(64, part1.data().length);
        LoginMessages.Request part2 = request(c.onResponse(response(false, SECURITY, SECURITY, 0)));
        assertFalse(part2.continues());
        assertTrue(part2.transit(), "the last part carries the real T bit");
        byte[] joined = new byte[part1.data().length + part2.data().length];
        System.arraycopy(part1.data(), 0, joined, 0, part1.data().length);
        System.arraycopy(part2.data(), 0, joined, part1.data().length, part2.data().length);
        assertEquals(List.of(KeyValue.of("InitiatorName", INITIATOR), KeyValue.of("TargetName", TARGET),
                KeyValue.of("SessionType", "Normal"), KeyValue.of("AuthMethod", "None")), KeyValueCodec.decode(joined));
        // The target answers the complete text as usual.
        LoginStep op = c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None"));
        assertEquals(LoginState.OPERATIONAL_NEGOTIATION, c.state());
        assertTrue(request(op).continues(), "the operational offer is split too");
        // A target that answers a partial request with text is broken.
        LoginConversation c2 = new LoginConversation(config, null, 64);
        c2.start();
        assertThrows(LoginProtocolException.class,
                () -> c2.onResponse(response(false, SECURITY, SECURITY, 0, "AuthMethod=None")));
    }

    @Test
    void givenDiscoverySession_whenLoggedIn_thenNoTargetNameAndDiscoveryParameters() throws Exception {
        LoginConversation c = new LoginConversation(LoginConfig.discovery(INITIATOR, ISID));
        Map<String, String> first = keys(c.start());
        assertEquals("Discovery", first.get("SessionType"));
        assertFalse(first.containsKey("TargetName"));
        LoginStep op = c.onResponse(response(true, SECURITY, OPERATIONAL, 0, "AuthMethod=None"));
        assertFalse(keys(op).containsKey("MaxBurstLength"));
        LoginStep.LoginResult r = finishOperational(c, op);
        assertEquals(SessionType.DISCOVERY, r.session().sessionType());
        assertEquals(Optional.empty(), r.session().targetName());
    }
}
