package org.lunbridge.iscsi.login;

import java.util.Objects;

/**
 * One {@code key=value} pair of iSCSI text (RFC 7143 §6.1). Values are kept as the wire string; typed parsing
 * happens in the negotiation table. {@link #toString()} hides CHAP_R/CHAP_C so a logged list never leaks
 * material derived from a secret.
 */
public record KeyValue(String key, String value) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static KeyValue of(String key, String value) {
        return new KeyValue(key, value);
    }

    @Override
    public String toString() {
        boolean sensitive = TextKeys.CHAP_R.equals(key) || TextKeys.CHAP_C.equals(key);
        return key + "=" + (sensitive ? "<" + value.length() + " chars>" : value);
    }
}
