package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * A deliberately minimal login (RFC 7143 §6) to get a real target to full-feature phase over a bare transport;
 * the real login state machine lives in the login package. Security stage with AuthMethod=None, then operational
 * keys, then digests switched on as §13.1 says: after the final Login Response.
 */
final class TestLogin {
    static final String INITIATOR_NAME = "iqn.2026-01.org.lunbridge:transport-it";

    /** Result of a completed login: negotiated keys and the next ExpStatSN. */
    record Session(Map<String, String> keys, int expStatSn) {}

    private TestLogin() {}

    static Session login(Transport transport, Map<String, String> securityKeys, Map<String, String> operationalKeys)
            throws ConnectionLostException {
        long isid = 0x4000_0000_0000L | ThreadLocalRandom.current().nextInt(1 << 16); // §10.12.5 type 01b: random
        Map<String, String> security = new LinkedHashMap<>();
        security.put("InitiatorName", INITIATOR_NAME);
        security.putAll(securityKeys);
        security.put("AuthMethod", "None");
        LoginResponse first = exchange(transport, new LoginRequest(true, false,
                IscsiConstants.STAGE_SECURITY_NEGOTIATION, IscsiConstants.STAGE_LOGIN_OPERATIONAL_NEGOTIATION,
                0, 0, isid, 0, 1, 0, 1, 0, encode(security)));
        Map<String, String> keys = new LinkedHashMap<>(decode(first.data()));
        LoginResponse last = exchange(transport, new LoginRequest(true, false,
                IscsiConstants.STAGE_LOGIN_OPERATIONAL_NEGOTIATION, IscsiConstants.STAGE_FULL_FEATURE_PHASE,
                0, 0, isid, first.tsih(), 1, 0, 1, first.statSn() + 1, encode(operationalKeys)));
        assertTrue(last.transit() && last.nsg() == IscsiConstants.STAGE_FULL_FEATURE_PHASE, last.toString());
        keys.putAll(decode(last.data()));
        return new Session(keys, last.statSn() + 1);
    }

    private static LoginResponse exchange(Transport transport, LoginRequest request) throws ConnectionLostException {
        transport.send(PduEncoder.encode(request));
        LoginResponse response = assertInstanceOf(LoginResponse.class, transport.receive());
        assertEquals(IscsiConstants.LOGIN_SUCCESS, response.status(),
                () -> IscsiConstants.nameOfLoginStatus(response.status()) + " " + decode(response.data()));
        return response;
    }

    /** §6.1: key=value pairs, each terminated by a NUL. */
    static ByteBuffer encode(Map<String, String> keys) {
        StringBuilder text = new StringBuilder();
        keys.forEach((k, v) -> text.append(k).append('=').append(v).append('\0'));
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> decode(ByteBuffer data) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : StandardCharsets.UTF_8.decode(data.duplicate()).toString().split("\0")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                keys.merge(pair.substring(0, eq), pair.substring(eq + 1), (a, b) -> a + "\n" + b);
            }
        }
        return keys;
    }
}
