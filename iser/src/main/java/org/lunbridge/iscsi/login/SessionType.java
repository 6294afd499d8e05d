package org.lunbridge.iscsi.login;

/** SessionType (RFC 7143 §13.21): a normal session carries SCSI; a discovery session only SendTargets. */
public enum SessionType {
    NORMAL(TextKeys.SESSION_TYPE_NORMAL),
    DISCOVERY(TextKeys.SESSION_TYPE_DISCOVERY);

    private final String keyValue;

    SessionType(String keyValue) {
        this.keyValue = keyValue;
    }

    public String keyValue() {
        return keyValue;
    }
}
