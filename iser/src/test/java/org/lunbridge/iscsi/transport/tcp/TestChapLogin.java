package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.LoginRequest;
import org.lunbridge.iscsi.pdu.LoginResponse;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.Transport;

/**
 * Test-only CHAP-MD5 security stage (RFC 7143 §12.1.3, RFC 1994), one-way or mutual, to prove the harness's
 * CHAP accounts work against tgtd. The real CHAP code belongs to the login package.
 */
final class TestChapLogin {
    /** Outcome of the security stage: the last Login Response and its keys. */
    record Result(LoginResponse response, Map<String, String> keys) {}

    private static final int CHAP_MD5 = 5;

    private TestChapLogin() {}

    /**
     * Runs the security stage up to the target's answer to CHAP_N/CHAP_R. With {@code targetUser} non-null it
     * also challenges the target (mutual CHAP) and checks the target's CHAP_R.
     */
    static Result securityStage(Transport transport, String targetName, String user, String secret,
                                String targetUser, String targetSecret) throws ConnectionLostException {
        long isid = 0x4000_0000_0000L | ThreadLocalRandom.current().nextInt(1 << 16);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestLogin.INITIATOR_NAME);
        keys.put("SessionType", "Normal");
        keys.put("TargetName", targetName);
        keys.put("AuthMethod", "CHAP");
        LoginResponse offer = exchange(transport, security(isid, 0, false, 0, keys));
        assertEquals("CHAP", TestLogin.decode(offer.data()).get("AuthMethod"));

        LoginResponse challenge = exchange(transport, security(isid, offer.tsih(), false, offer.statSn() + 1,
                Map.of("CHAP_A", Integer.toString(CHAP_MD5))));
        Map<String, String> challengeKeys = TestLogin.decode(challenge.data());
        assertEquals(Integer.toString(CHAP_MD5), challengeKeys.get("CHAP_A"), challengeKeys.toString());
        int id = Integer.parseInt(challengeKeys.get("CHAP_I"));
        byte[] targetChallenge = hex(challengeKeys.get("CHAP_C"));

        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("CHAP_N", user);
        answer.put("CHAP_R", "0x" + HexFormat.of().formatHex(response(id, secret, targetChallenge)));
        int mutualId = ThreadLocalRandom.current().nextInt(256);
        byte[] mutualChallenge = new byte[16];
        ThreadLocalRandom.current().nextBytes(mutualChallenge);
        if (targetUser != null) {
            answer.put("CHAP_I", Integer.toString(mutualId));
            answer.put("CHAP_C", "0x" + HexFormat.of().formatHex(mutualChallenge));
        }
        LoginResponse last = exchange(transport, security(isid, challenge.tsih(), true, challenge.statSn() + 1,
                answer));
        Map<String, String> lastKeys = TestLogin.decode(last.data());
        if (targetUser != null && last.isSuccess()) {
            // §12.1.3: the target proves it knows the outgoing secret.
            assertEquals(targetUser, lastKeys.get("CHAP_N"), lastKeys.toString());
            assertEquals("0x" + HexFormat.of().formatHex(response(mutualId, targetSecret, mutualChallenge)),
                    lastKeys.get("CHAP_R").toLowerCase(java.util.Locale.ROOT), lastKeys.toString());
        }
        return new Result(last, lastKeys);
    }

    private static LoginRequest security(long isid, int tsih, boolean transit, int expStatSn,
                                         Map<String, String> keys) {
        return new LoginRequest(transit, false, IscsiConstants.STAGE_SECURITY_NEGOTIATION,
                transit ? IscsiConstants.STAGE_LOGIN_OPERATIONAL_NEGOTIATION : 0, 0, 0, isid, tsih, 1, 0, 1,
                expStatSn, TestLogin.encode(keys));
    }

    private static LoginResponse exchange(Transport transport, LoginRequest request) throws ConnectionLostException {
        transport.send(PduEncoder.encode(request));
        return assertInstanceOf(LoginResponse.class, transport.receive());
    }

    /** RFC 1994 §4.1: MD5(Identifier || secret || challenge). */
    private static byte[] response(int id, String secret, byte[] challenge) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update((byte) id);
            md5.update(secret.getBytes(StandardCharsets.UTF_8));
            md5.update(challenge);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hex(String value) {
        // §13.1 binary-value: 0x-prefixed hex (tgtd's choice); base64 (0b) is not expected from tgtd.
        assertEquals("0x", value.substring(0, 2).toLowerCase(java.util.Locale.ROOT), value);
        return HexFormat.of().parseHex(value.substring(2));
    }
}
