package org.lunbridge.iscsi.login;

import java.util.Objects;

/**
 * One row of the negotiation table: a key's kind, scope, legal range and RFC default.
 *
 * @param leadingOnly       "Use: LO": only on the leading connection's login (TSIH = 0)
 * @param irrelevantInDiscovery "Irrelevant when: SessionType=Discovery" — not offered in discovery sessions
 * @param min               inclusive lower bound for numerical and declarative-number keys
 * @param max               inclusive upper bound
 * @param defaultValue      the RFC default, used when the key is not negotiated or answered Reject/Irrelevant
 * @param numeric           whether values are numbers (range-checked)
 */
public record KeyDefinition(String name, KeyKind kind, KeyScope scope, boolean leadingOnly,
                            boolean irrelevantInDiscovery, boolean numeric, long min, long max,
                            String defaultValue) {

    public KeyDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        if (numeric && min > max) {
            throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
        }
    }

    /** Parses and range-checks a numerical value (decimal or 0x hex, RFC 7143 §6.1 numerical-value). */
    public long parseNumber(String value) throws NegotiationException {
        long n;
        try {
            n = value.startsWith("0x") || value.startsWith("0X")
                    ? Long.parseUnsignedLong(value.substring(2), 16)
                    : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new NegotiationException(name, "\"" + value + "\" is not a number");
        }
        if (n < min || n > max) {
            throw new NegotiationException(name, n + " (expected: " + min + ".." + max + ")");
        }
        return n;
    }

    /** Parses a Yes/No value. */
    public boolean parseBoolean(String value) throws NegotiationException {
        if (TextKeys.YES.equals(value)) {
            return true;
        }
        if (TextKeys.NO.equals(value)) {
            return false;
        }
        throw new NegotiationException(name, "\"" + value + "\" (expected: Yes or No)");
    }
}
