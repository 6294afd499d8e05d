package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChapAuthenticatorTest {

    private static final byte[] SECRET = "lunbridge-secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHALLENGE = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private static Map<String, String> map(List<KeyValue> kvs) {
        return kvs.stream().collect(Collectors.toMap(KeyValue::key, KeyValue::value, (a, b) -> a,
                LinkedHashMap::new));
    }

    /**
     * RFC 1994 §4.1 vectors: H(0x2a || "lunbridge-secret" || 00..0f). Expected digests were computed outside Java
     * (Python hashlib) and are written here as constants.
     */
    @ParameterizedTest
    @CsvSource({
        "MD5,      a568044f866a43f74e24e5d55b18e467",
        "SHA1,     6dbc59b3922681ab80b78208772112228345c99f",
        "SHA256,   e759f13cdf0ccc8d4b1bf514cfd119bf0ea6bc1fcd4b8a18b026d3bbc1597f48",
        "SHA3_256, 796d2664039ce76b39f6315ca75e696dc4e5f0cc5d8b15d8f113bf66ec500e4d"})
    void givenKnownInputs_whenResponseComputed_thenMatchesExternalVector(ChapAlgorithm algorithm, String hex) {
        byte[] response = algorithm.response(0x2a, SECRET, CHALLENGE);
        assertEquals(hex, HexFormat.of().formatHex(response));
        assertEquals(algorithm.digestLength(), response.length);
    }

    @Test
    void givenExplicitConcatenation_whenHashedIndependently_thenSameAsResponse() throws Exception {
        byte[] message = new byte[1 + SECRET.length + CHALLENGE.length];
        message[0] = (byte) 200;   // identifiers above 127 must be taken as an unsigned octet
        System.arraycopy(SECRET, 0, message, 1, SECRET.length);
        System.arraycopy(CHALLENGE, 0, message, 1 + SECRET.length, CHALLENGE.length);
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(message),
                ChapAlgorithm.MD5.response(200, SECRET, CHALLENGE));
    }

    @Test
    void givenTgtdCapture_whenOurAuthenticatorAnswersItsChallenge_thenCapturedChapRReproduced() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("tgtd-chap-md5-capture.properties")) {
            p.load(in);
        }
        ChapConfig config = ChapConfig.oneWay(ChapCredentials.of(p.getProperty("user"), p.getProperty("secret")))
                .withAlgorithms(List.of(ChapAlgorithm.MD5));
        ChapAuthenticator chap = new ChapAuthenticator(config, new Random(1), new ChapChallengeHistory(8));
        assertEquals(List.of(KeyValue.of("CHAP_A", "5")), chap.start());
        Map<String, String> out = map(chap.onChallenge(Map.of("CHAP_A", p.getProperty("chapA"),
                "CHAP_I", p.getProperty("chapI"), "CHAP_C", p.getProperty("chapC"))));
        assertEquals(p.getProperty("user"), out.get("CHAP_N"));
        // libiscsi wrote upper-case hex; the bytes are what tgtd verified.
        assertArrayEquals(BinaryValues.decode("CHAP_R", p.getProperty("chapR")),
                BinaryValues.decode("CHAP_R", out.get("CHAP_R")));
        assertEquals(ChapAlgorithm.MD5, chap.algorithm());
    }

    @Test
    void givenBinaryValues_whenEncodedAndDecoded_thenHexAndBase64BothWork() throws Exception {
        byte[] md5 = HexFormat.of().parseHex("a568044f866a43f74e24e5d55b18e467");
        assertEquals("0xa568044f866a43f74e24e5d55b18e467", BinaryValues.encode(md5, BinaryValues.Encoding.HEX));
        assertEquals("0bpWgET4ZqQ/dOJOXVWxjkZw==", BinaryValues.encode(md5, BinaryValues.Encoding.BASE64));
        assertArrayEquals(md5, BinaryValues.decode("k", "0bpWgET4ZqQ/dOJOXVWxjkZw=="));
        assertArrayEquals(md5, BinaryValues.decode("k", "0XA568044F866A43F74E24E5D55B18E467"));
        assertArrayEquals(new byte[] {0x0a, (byte) 0xbc}, BinaryValues.decode("k", "0xabc"));
        for (String bad : new String[] {"", "0x", "ab", "0y12", "0xzz", "0bpWgET4Z", "0b!!!!"}) {
            assertThrows(TextFormatException.class, () -> BinaryValues.decode("k", bad), bad);
        }
    }

    @Test
    void givenDefaultConfig_whenStarted_thenStrongestFirst() {
        ChapAuthenticator chap = new ChapAuthenticator(ChapConfig.oneWay(ChapCredentials.of("u", "s")));
        assertEquals(List.of(KeyValue.of("CHAP_A", "8,7,6,5")), chap.start());
        assertEquals(ChapAuthenticator.State.ALGORITHMS_SENT, chap.state());
    }

    @Test
    void givenBase64Encoding_whenTargetChoosesSha256_thenResponseIsBase64OfSha256() throws Exception {
        ChapConfig config = ChapConfig.oneWay(new ChapCredentials("u", SECRET)).withEncoding(BinaryValues.Encoding.BASE64);
        ChapAuthenticator chap = new ChapAuthenticator(config, new Random(1), new ChapChallengeHistory(8));
        chap.start();
        Map<String, String> out = map(chap.onChallenge(Map.of("CHAP_A", "7", "CHAP_I", "42",
                "CHAP_C", "0b" + java.util.Base64.getEncoder().encodeToString(CHALLENGE))));
        assertTrue(out.get("CHAP_R").startsWith("0b"));
        assertEquals("e759f13cdf0ccc8d4b1bf514cfd119bf0ea6bc1fcd4b8a18b026d3bbc1597f48",
                HexFormat.of().formatHex(BinaryValues.decode("CHAP_R", out.get("CHAP_R"))));
        assertFalse(out.containsKey("CHAP_C"), "one-way CHAP sends no challenge");
    }

    private static ChapAuthenticator mutual(ChapChallengeHistory history) {
        ChapConfig config = ChapConfig.mutual(ChapCredentials.of("initiator-user", "initiator-secret-1"),
                ChapCredentials.of("target-user", "target-secret-22"));
        return new ChapAuthenticator(config, new Random(5), history);
    }

    @Test
    void givenMutualChap_whenTargetAnswersCorrectly_thenDone() throws Exception {
        ChapAuthenticator chap = mutual(new ChapChallengeHistory(8));
        chap.start();
        Map<String, String> out = map(chap.onChallenge(Map.of("CHAP_A", "8", "CHAP_I", "3",
                "CHAP_C", "0x" + HexFormat.of().formatHex(CHALLENGE))));
        int id = Integer.parseInt(out.get("CHAP_I"));
        byte[] ourChallenge = BinaryValues.decode("CHAP_C", out.get("CHAP_C"));
        assertEquals(32, ourChallenge.length, "challenge at least the SHA3-256 digest length");
        assertFalse(MessageDigest.isEqual(ourChallenge, CHALLENGE));
        // The target's side, computed independently.
        MessageDigest md = MessageDigest.getInstance("SHA3-256");
        md.update((byte) id);
        md.update("target-secret-22".getBytes(StandardCharsets.UTF_8));
        md.update(ourChallenge);
        chap.onTargetResponse(Map.of("CHAP_N", "target-user", "CHAP_R", "0x" + HexFormat.of().formatHex(md.digest())));
        assertTrue(chap.done());
    }

    @Test
    void givenMutualChap_whenTargetResponseWrong_thenAuthenticationException() throws Exception {
        ChapAuthenticator chap = mutual(new ChapChallengeHistory(8));
        chap.start();
        Map<String, String> out = map(chap.onChallenge(Map.of("CHAP_A", "5", "CHAP_I", "3",
                "CHAP_C", "0x" + HexFormat.of().formatHex(CHALLENGE))));
        byte[] ourChallenge = BinaryValues.decode("CHAP_C", out.get("CHAP_C"));
        // Right algorithm, wrong secret.
        byte[] wrong = ChapAlgorithm.MD5.response(Integer.parseInt(out.get("CHAP_I")),
                "initiator-secret-1".getBytes(StandardCharsets.UTF_8), ourChallenge);
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> chap.onTargetResponse(
                Map.of("CHAP_N", "target-user", "CHAP_R", BinaryValues.encode(wrong, BinaryValues.Encoding.HEX))));
        assertEquals(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED, e.reason());
        assertFalse(chap.done());
    }

    @Test
    void givenMutualChap_whenTargetNameWrongOrMissing_thenAuthenticationException() throws Exception {
        for (Map<String, String> reply : List.of(Map.of("CHAP_N", "impostor", "CHAP_R", "0x00"),
                Map.of("CHAP_R", "0x00"), Map.<String, String>of())) {
            ChapAuthenticator chap = mutual(new ChapChallengeHistory(8));
            chap.start();
            chap.onChallenge(Map.of("CHAP_A", "5", "CHAP_I", "3", "CHAP_C", "0x" + HexFormat.of().formatHex(CHALLENGE)));
            assertThrows(AuthenticationException.class, () -> chap.onTargetResponse(reply), reply.toString());
        }
    }

    @Test
    void givenTargetReflectsOurEarlierChallenge_whenNextLogin_thenRefused() throws Exception {
        ChapChallengeHistory history = new ChapChallengeHistory(8);
        ChapAuthenticator first = mutual(history);
        first.start();
        String ours = map(first.onChallenge(Map.of("CHAP_A", "5", "CHAP_I", "3",
                "CHAP_C", "0x" + HexFormat.of().formatHex(CHALLENGE)))).get("CHAP_C");
        ChapAuthenticator second = mutual(history);
        second.start();
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> second.onChallenge(Map.of("CHAP_A", "5", "CHAP_I", "9", "CHAP_C", ours)));
        assertEquals(AuthenticationException.Reason.BAD_CHALLENGE, e.reason());
        assertTrue(e.getMessage().contains("reflection"));
    }

    @Test
    void givenTargetRejectsAlgorithms_whenChallengeExpected_thenAlgorithmRejected() {
        for (String answer : new String[] {"Reject", "NotUnderstood", "9", "6"}) {
            ChapConfig config = ChapConfig.oneWay(ChapCredentials.of("u", "s"))
                    .withAlgorithms(List.of(ChapAlgorithm.SHA256, ChapAlgorithm.MD5));
            ChapAuthenticator chap = new ChapAuthenticator(config, new Random(1), new ChapChallengeHistory(8));
            chap.start();
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> chap.onChallenge(
                    Map.of("CHAP_A", answer, "CHAP_I", "1", "CHAP_C", "0x" + HexFormat.of().formatHex(CHALLENGE))));
            assertEquals(AuthenticationException.Reason.CHAP_ALGORITHM_REJECTED, e.reason(), answer);
        }
    }

    @Test
    void givenBadChallenges_whenReceived_thenBadChallenge() {
        String ok = "0x" + HexFormat.of().formatHex(CHALLENGE);
        List<Map<String, String>> bad = List.of(
                Map.of("CHAP_A", "5", "CHAP_C", ok),                                   // no CHAP_I
                Map.of("CHAP_A", "5", "CHAP_I", "256", "CHAP_C", ok),
                Map.of("CHAP_A", "5", "CHAP_I", "-1", "CHAP_C", ok),
                Map.of("CHAP_A", "5", "CHAP_I", "1"),                                  // no CHAP_C
                Map.of("CHAP_A", "5", "CHAP_I", "1", "CHAP_C", "0x00112233"),          // 4 bytes: too short
                Map.of("CHAP_A", "5", "CHAP_I", "1", "CHAP_C", "0x" + "ab".repeat(1025)),
                Map.of("CHAP_A", "5", "CHAP_I", "1", "CHAP_C", "0xnothex"));
        for (Map<String, String> keys : bad) {
            ChapAuthenticator chap = new ChapAuthenticator(ChapConfig.oneWay(ChapCredentials.of("u", "s")),
                    new Random(1), new ChapChallengeHistory(8));
            chap.start();
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> chap.onChallenge(keys),
                    keys.toString());
            assertEquals(AuthenticationException.Reason.BAD_CHALLENGE, e.reason());
        }
    }

    @Test
    void givenStatesOutOfOrder_whenCalled_thenIllegalState() {
        ChapAuthenticator chap = new ChapAuthenticator(ChapConfig.oneWay(ChapCredentials.of("u", "s")));
        assertThrows(IllegalStateException.class, () -> chap.onChallenge(Map.of()));
        assertThrows(IllegalStateException.class, () -> chap.onTargetResponse(Map.of()));
        chap.start();
        assertThrows(IllegalStateException.class, chap::start);
    }

    @Test
    void givenCredentials_whenPrinted_thenSecretNeverAppears() {
        ChapCredentials c = ChapCredentials.of("alice", "hunter2-secret");
        ChapConfig config = ChapConfig.mutual(c, ChapCredentials.of("tgt", "other-secret-9"));
        for (String s : new String[] {c.toString(), config.toString()}) {
            assertFalse(s.contains("hunter2"), s);
            assertFalse(s.contains("other-secret"), s);
            assertTrue(s.contains("<hidden>"), s);
        }
        assertTrue(c.toString().contains("alice"));
    }

    @Test
    void givenSameSecretBothDirections_whenMutualConfigured_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> ChapConfig.mutual(ChapCredentials.of("a", "same-secret"),
                ChapCredentials.of("b", "same-secret")));
    }

    @Test
    void givenAlgorithmNumbers_whenLookedUp_thenIanaAssignments() {
        assertEquals(ChapAlgorithm.MD5, ChapAlgorithm.fromNumber(5));
        assertEquals(ChapAlgorithm.SHA1, ChapAlgorithm.fromNumber(6));
        assertEquals(ChapAlgorithm.SHA256, ChapAlgorithm.fromNumber(7));
        assertEquals(ChapAlgorithm.SHA3_256, ChapAlgorithm.fromNumber(8));
        assertEquals(null, ChapAlgorithm.fromNumber(4));
        assertEquals("unknown(9)", ChapAlgorithm.nameOf(9));
        assertNotEquals(ChapAlgorithm.SHA1.response(1, SECRET, CHALLENGE).length,
                ChapAlgorithm.SHA256.response(1, SECRET, CHALLENGE).length);
    }
}
