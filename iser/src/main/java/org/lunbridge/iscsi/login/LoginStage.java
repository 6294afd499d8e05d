package org.lunbridge.iscsi.login;

/** The CSG/NSG stage codes of the Login Request/Response (RFC 7143 §11.12.3). Code 2 is reserved. */
public enum LoginStage {
    SECURITY_NEGOTIATION(0),
    LOGIN_OPERATIONAL_NEGOTIATION(1),
    FULL_FEATURE_PHASE(3);

    private final int code;

    LoginStage(int code) {
        this.code = code;
    }

    /** The 2-bit wire value. */
    public int code() {
        return code;
    }

    /** Decodes a 2-bit stage; 2 is reserved and rejected. */
    public static LoginStage fromCode(int code) throws LoginProtocolException {
        for (LoginStage s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new LoginProtocolException("stage code: " + code + " (expected: 0, 1 or 3; RFC 7143 §11.12.3)");
    }

    /** For logs: the RFC's name of a stage code, or "reserved(n)". */
    public static String nameOf(int code) {
        for (LoginStage s : values()) {
            if (s.code == code) {
                return s.name();
            }
        }
        return "reserved(" + code + ")";
    }
}
