package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real logins against tgtd 1.0.85 on 127.0.0.1 (see {@link TgtdFixture}), driven by {@link LoginConversation}. */
@Timeout(60)
class LoginTgtdIT {

    private static final String INITIATOR = "iqn.2026-11.org.lunbridge:it-host";
    private static final String CHAP_TARGET = "iqn.2026-11.org.lunbridge:chap-disk";
    private static final String OPEN_TARGET = "iqn.2026-11.org.lunbridge:open-disk";
    private static final ChapCredentials USER = ChapCredentials.of("lunuser", "lunsecret1234");
    private static final ChapCredentials TARGET_USER = ChapCredentials.of("tgtuser", "tgtsecret5678");
    private static final Isid BASE = Isid.enterpriseNumber(32473, 0);

    @TempDir
    static Path dir;
    private static TgtdFixture tgtd;

    @BeforeAll
    static void startTgtd() throws Exception {
        tgtd = new TgtdFixture(dir);
        tgtd.addTarget(1, CHAP_TARGET);
        tgtd.addAccount(1, USER.userName(), "lunsecret1234", false);
        tgtd.addAccount(1, TARGET_USER.userName(), "tgtsecret5678", true);
        tgtd.addTarget(2, OPEN_TARGET);
    }

    @AfterAll
    static void stopTgtd() throws Exception {
        if (tgtd != null) {
            tgtd.close();
        }
    }

    private static LoginStep.LoginResult login(LoginConfig config) throws Exception {
        try (LoginWire wire = new LoginWire("127.0.0.1", tgtd.port)) {
            return wire.login(new LoginConversation(config));
        }
    }

    @Test
    void givenOpenTarget_whenLoggedInWithoutAuth_thenFullFeatureWithTsih() throws Exception {
        LoginStep.LoginResult r = login(LoginConfig.normal(INITIATOR, OPEN_TARGET, BASE.forSlot(1)));
        assertNotEquals(0, r.tsih());
        assertEquals(Optional.of(OPEN_TARGET), r.session().targetName());
        assertEquals(1, r.session().targetPortalGroupTag().getAsInt());
        assertEquals(0, r.session().errorRecoveryLevel());
        assertEquals(DigestType.NONE, r.connection().headerDigest());
        assertTrue(r.session().firstBurstLength() <= r.session().maxBurstLength());
    }

    @Test
    void givenChapTarget_whenLoggedInWithMd5_thenAuthenticated() throws Exception {
        ChapConfig md5 = ChapConfig.oneWay(USER).withAlgorithms(List.of(ChapAlgorithm.MD5));
        LoginStep.LoginResult r = login(LoginConfig.normal(INITIATOR, CHAP_TARGET, BASE.forSlot(2)).withChap(md5));
        assertEquals(Optional.of(ChapAlgorithm.MD5), r.chapAlgorithm());
        assertNotEquals(0, r.tsih());
    }

    @Test
    void givenProductionPduCodecAndAdapter_whenLoggingInWithChap_thenFullFeature() throws Exception {
        ChapConfig md5 = ChapConfig.oneWay(USER).withAlgorithms(List.of(ChapAlgorithm.MD5));
        Isid isid = BASE.forSlot(9);
        try (LoginWire wire = new LoginWire("127.0.0.1", tgtd.port)) {
            LoginStep.LoginResult r = wire.loginWithPduCodec(new LoginConversation(
                    LoginConfig.normal(INITIATOR, CHAP_TARGET, isid).withChap(md5)), isid);
            assertNotEquals(0, r.tsih());
            assertEquals(isid, r.isid());
        }
    }

    @Test
    void givenChapTarget_whenMutualMd5_thenTargetVerifiedToo() throws Exception {
        ChapConfig mutual = ChapConfig.mutual(USER, TARGET_USER).withAlgorithms(List.of(ChapAlgorithm.MD5))
                .withEncoding(BinaryValues.Encoding.BASE64);
        LoginStep.LoginResult r = login(LoginConfig.normal(INITIATOR, CHAP_TARGET, BASE.forSlot(3)).withChap(mutual));
        assertEquals(Optional.of(ChapAlgorithm.MD5), r.chapAlgorithm());
    }

    @Test
    void givenMutualWithWrongTargetSecret_whenLoggingIn_thenTargetNotAuthenticated() throws Exception {
        ChapConfig wrong = ChapConfig.mutual(USER, ChapCredentials.of("tgtuser", "not-the-target-secret"))
                .withAlgorithms(List.of(ChapAlgorithm.MD5));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> login(LoginConfig.normal(INITIATOR, CHAP_TARGET, BASE.forSlot(4)).withChap(wrong)));
        assertEquals(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED, e.reason());
    }

    @Test
    void givenDefaultStrongestFirstList_whenTgtdMisnumbersSha_thenPolicyFallsBackToMd5AndSucceeds() throws Exception {
        ChapConfig strong = ChapConfig.oneWay(USER);   // 8,7,6,5: tgtd picks 7 but computes SHA-1
        LoginConfig config = LoginConfig.normal(INITIATOR, CHAP_TARGET, BASE.forSlot(5)).withChap(strong);
        LoginConversation first = new LoginConversation(config);
        LoginException failure;
        try (LoginWire wire = new LoginWire("127.0.0.1", tgtd.port)) {
            failure = assertThrows(LoginException.class, () -> wire.login(first));
        }
        assertEquals(Optional.of(ChapAlgorithm.SHA256), first.chapAlgorithm(), "tgtd answers CHAP_A=7");
        LoginFailedException failed = assertInstanceOf(LoginFailedException.class, failure, failure.toString());
        assertEquals(LoginStage.SECURITY_NEGOTIATION, failed.stage());
        // Observed with tgt 1.0.85: a 32-byte CHAP_R against its 20-byte "SHA-1" ends in 0x0200.
        assertEquals(LoginStatus.INITIATOR_ERROR, failed.status(), failed.getMessage());
        Optional<List<ChapAlgorithm>> retry = ChapRetryPolicy.retryAlgorithms(strong.algorithms(),
                first.chapAlgorithm(), failure);
        assertEquals(Optional.of(List.of(ChapAlgorithm.MD5)), retry, failure.getMessage());
        LoginStep.LoginResult r = login(config.withChap(strong.withAlgorithms(retry.get())));
        assertEquals(Optional.of(ChapAlgorithm.MD5), r.chapAlgorithm());
    }

    @Test
    void givenWrongPassword_whenLoggingIn_thenAuthenticationFailureNamesUser() throws Exception {
        ChapConfig wrong = ChapConfig.oneWay(ChapCredentials.of("lunuser", "wrong-password"))
                .withAlgorithms(List.of(ChapAlgorithm.MD5));
        LoginFailedException e = assertThrows(LoginFailedException.class,
                () -> login(LoginConfig.normal(INITIATOR, CHAP_TARGET, BASE.forSlot(6)).withChap(wrong)));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, e.status());
        assertTrue(e.getMessage().contains("CHAP authentication failed for user lunuser"), e.getMessage());
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(wrong.algorithms(),
                Optional.of(ChapAlgorithm.MD5), e));
    }

    @Test
    void givenUnknownTarget_whenLoggingIn_thenNotFound() throws Exception {
        LoginFailedException e = assertThrows(LoginFailedException.class,
                () -> login(LoginConfig.normal(INITIATOR, "iqn.2026-11.org.lunbridge:nope", BASE.forSlot(7))));
        assertEquals(LoginStatus.NOT_FOUND, e.status());
        assertTrue(e.getMessage().contains("target IQN not found: iqn.2026-11.org.lunbridge:nope"));
    }

    @Test
    void givenDiscoverySession_whenSendTargetsAll_thenBothTargetsWithThisPortal() throws Exception {
        try (LoginWire wire = new LoginWire("127.0.0.1", tgtd.port)) {
            LoginStep.LoginResult r = wire.login(new LoginConversation(LoginConfig.discovery(INITIATOR, BASE.forSlot(8))));
            assertEquals(SessionType.DISCOVERY, r.session().sessionType());
            List<DiscoveredTarget> targets = SendTargets.parse(wire.text(SendTargets.requestAll()));
            assertEquals(List.of(CHAP_TARGET, OPEN_TARGET), targets.stream().map(DiscoveredTarget::targetName).toList());
            for (DiscoveredTarget t : targets) {
                assertEquals(List.of(new TargetAddress("127.0.0.1", tgtd.port, 1)), t.portals(), t.toString());
            }
        }
    }
}
