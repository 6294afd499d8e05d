package org.lunbridge.iscsi.login;

/** HeaderDigest/DataDigest values (RFC 7143 §13.1). */
public enum DigestType {
    NONE("None"),
    CRC32C("CRC32C");

    private final String keyValue;

    DigestType(String keyValue) {
        this.keyValue = keyValue;
    }

    /** The value as written in text, e.g. "CRC32C". */
    public String keyValue() {
        return keyValue;
    }

    /** Parses a text value; null when unknown (the caller decides whether that is an error). */
    public static DigestType fromKeyValue(String value) {
        for (DigestType t : values()) {
            if (t.keyValue.equals(value)) {
                return t;
            }
        }
        return null;
    }
}
