package org.lunbridge.iscsi.login;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for scripted target responses; a test plays the target one response at a time. */
final class LoginFixtures {

    static final String INITIATOR = "iqn.2026-11.org.lunbridge:host";
    static final String TARGET = "iqn.2026-11.org.lunbridge:disk";
    static final Isid ISID = Isid.enterpriseNumber(32473, 0x0100);
    static final int SECURITY = 0;
    static final int OPERATIONAL = 1;
    static final int FULL_FEATURE = 3;

    private LoginFixtures() {
    }

    /** "k=v" strings to text bytes. */
    static byte[] text(String... pairs) {
        List<KeyValue> kvs = new ArrayList<>();
        for (String p : pairs) {
            String[] kv = p.split("=", 2);
            kvs.add(KeyValue.of(kv[0], kv[1]));
        }
        try {
            return KeyValueCodec.encode(kvs);
        } catch (TextFormatException e) {
            throw new AssertionError(e);
        }
    }

    static LoginMessages.Response response(boolean transit, int csg, int nsg, int tsih, String... pairs) {
        return new LoginMessages.Response(transit, false, csg, nsg, 0, 0, tsih, 0, 0, text(pairs));
    }

    static LoginMessages.Response partial(int csg, byte[] segment) {
        return new LoginMessages.Response(false, true, csg, csg, 0, 0, 0, 0, 0, segment);
    }

    static LoginMessages.Response status(int statusClass, int statusDetail, String... pairs) {
        return new LoginMessages.Response(false, false, SECURITY, SECURITY, 0, 0, 0, statusClass, statusDetail,
                text(pairs));
    }

    static LoginMessages.Request request(LoginStep step) {
        if (step instanceof LoginStep.Send send) {
            return send.request();
        }
        throw new AssertionError("expected a request, got " + step);
    }

    static Map<String, String> keys(LoginStep step) {
        return keys(request(step));
    }

    static Map<String, String> keys(LoginMessages.Request request) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (KeyValue kv : KeyValueCodec.decode(request.data())) {
                m.put(kv.key(), kv.value());
            }
        } catch (TextFormatException e) {
            throw new AssertionError(e);
        }
        return m;
    }

    /** A compliant target's answers to our operational offer: first list value, our numbers echoed. */
    static String[] agreeTo(Map<String, String> offer, String... extra) {
        List<String> out = new ArrayList<>();
        offer.forEach((k, v) -> {
            KeyDefinition d = NegotiationTable.get(k);
            if (d.kind() != KeyKind.DECLARATIVE) {
                out.add(k + "=" + (d.kind() == KeyKind.LIST ? v.split(",")[0] : v));
            }
        });
        out.addAll(List.of(extra));
        return out.toArray(String[]::new);
    }
}
