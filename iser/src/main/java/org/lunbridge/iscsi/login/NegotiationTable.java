package org.lunbridge.iscsi.login;

import static org.lunbridge.iscsi.login.KeyKind.BOOLEAN_AND;
import static org.lunbridge.iscsi.login.KeyKind.BOOLEAN_OR;
import static org.lunbridge.iscsi.login.KeyKind.DECLARATIVE;
import static org.lunbridge.iscsi.login.KeyKind.LIST;
import static org.lunbridge.iscsi.login.KeyKind.NUMERICAL_MAX;
import static org.lunbridge.iscsi.login.KeyKind.NUMERICAL_MIN;
import static org.lunbridge.iscsi.login.KeyScope.CONNECTION_ONLY;
import static org.lunbridge.iscsi.login.KeyScope.SESSION_WIDE;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every login/text key we send or accept, as RFC 7143 §13 and RFC 7145 §6 define it. One row per key: the
 * negotiator is driven by this table, never by per-key code.
 */
public final class NegotiationTable {

    /** RFC 7143 §13.12-13.14: data segment and burst lengths are 512..2^24-1. */
    public static final long MAX_LENGTH = (1L << 24) - 1;

    private static final Map<String, KeyDefinition> KEYS = new LinkedHashMap<>();

    static {
        // name, kind, scope, leadingOnly, irrelevantInDiscovery, numeric, min, max, default
        text(TextKeys.HEADER_DIGEST, LIST, CONNECTION_ONLY, false, false, "None");            // §13.1
        text(TextKeys.DATA_DIGEST, LIST, CONNECTION_ONLY, false, false, "None");              // §13.1
        number(TextKeys.MAX_CONNECTIONS, NUMERICAL_MIN, SESSION_WIDE, true, true, 1, 65535, 1); // §13.2
        text(TextKeys.TARGET_NAME, DECLARATIVE, SESSION_WIDE, false, false, null);            // §13.4
        text(TextKeys.INITIATOR_NAME, DECLARATIVE, SESSION_WIDE, false, false, null);         // §13.5
        text(TextKeys.TARGET_ALIAS, DECLARATIVE, SESSION_WIDE, false, false, null);           // §13.6
        text(TextKeys.INITIATOR_ALIAS, DECLARATIVE, SESSION_WIDE, false, false, null);        // §13.7
        text(TextKeys.TARGET_ADDRESS, DECLARATIVE, SESSION_WIDE, false, false, null);         // §13.8
        number(TextKeys.TARGET_PORTAL_GROUP_TAG, DECLARATIVE, SESSION_WIDE, false, false, 0, 65535, -1); // §13.9
        text(TextKeys.INITIAL_R2T, BOOLEAN_OR, SESSION_WIDE, true, true, "Yes");              // §13.10
        text(TextKeys.IMMEDIATE_DATA, BOOLEAN_AND, SESSION_WIDE, true, true, "Yes");          // §13.11
        number(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH, DECLARATIVE, CONNECTION_ONLY, false, false,
                512, MAX_LENGTH, 8192);                                                       // §13.12
        number(TextKeys.MAX_BURST_LENGTH, NUMERICAL_MIN, SESSION_WIDE, true, true,
                512, MAX_LENGTH, 262144);                                                     // §13.13
        number(TextKeys.FIRST_BURST_LENGTH, NUMERICAL_MIN, SESSION_WIDE, true, true,
                512, MAX_LENGTH, 65536);                                                      // §13.14
        number(TextKeys.DEFAULT_TIME2WAIT, NUMERICAL_MAX, SESSION_WIDE, true, false, 0, 3600, 2);   // §13.15
        number(TextKeys.DEFAULT_TIME2RETAIN, NUMERICAL_MIN, SESSION_WIDE, true, false, 0, 3600, 20); // §13.16
        number(TextKeys.MAX_OUTSTANDING_R2T, NUMERICAL_MIN, SESSION_WIDE, true, true, 1, 65535, 1); // §13.17
        text(TextKeys.DATA_PDU_IN_ORDER, BOOLEAN_OR, SESSION_WIDE, true, true, "Yes");        // §13.18
        text(TextKeys.DATA_SEQUENCE_IN_ORDER, BOOLEAN_OR, SESSION_WIDE, true, true, "Yes");   // §13.19
        number(TextKeys.ERROR_RECOVERY_LEVEL, NUMERICAL_MIN, SESSION_WIDE, true, false, 0, 2, 0); // §13.20
        text(TextKeys.SESSION_TYPE, DECLARATIVE, SESSION_WIDE, true, false, "Normal");        // §13.21
        // RFC 7145 §6.3-6.5 (iSER)
        text(TextKeys.RDMA_EXTENSIONS, BOOLEAN_AND, SESSION_WIDE, true, true, "No");
        number(TextKeys.TARGET_RECV_DATA_SEGMENT_LENGTH, DECLARATIVE, CONNECTION_ONLY, false, false,
                512, MAX_LENGTH, 8192);
        number(TextKeys.INITIATOR_RECV_DATA_SEGMENT_LENGTH, DECLARATIVE, CONNECTION_ONLY, false, false,
                512, MAX_LENGTH, 8192);
    }

    private NegotiationTable() {
    }

    private static void text(String name, KeyKind kind, KeyScope scope, boolean lo, boolean irrDisc, String dflt) {
        KEYS.put(name, new KeyDefinition(name, kind, scope, lo, irrDisc, false, 0, 0, dflt));
    }

    private static void number(String name, KeyKind kind, KeyScope scope, boolean lo, boolean irrDisc,
                               long min, long max, long dflt) {
        KEYS.put(name, new KeyDefinition(name, kind, scope, lo, irrDisc, true, min, max,
                dflt < 0 ? null : Long.toString(dflt)));
    }

    /** The definition of {@code key}, or empty for keys we do not understand. */
    public static Optional<KeyDefinition> lookup(String key) {
        return Optional.ofNullable(KEYS.get(key));
    }

    /** The definition of a key known to be in the table. */
    public static KeyDefinition get(String key) {
        KeyDefinition d = KEYS.get(key);
        if (d == null) {
            throw new IllegalArgumentException("not in the negotiation table: " + key);
        }
        return d;
    }

    /** All rows, in RFC order. */
    public static Collection<KeyDefinition> all() {
        return KEYS.values();
    }
}
