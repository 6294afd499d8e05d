package org.lunbridge.iscsi.login;

/**
 * The security stage failed on our side (RFC 7143 §12.1.3, RFC 1994): the target rejected every CHAP algorithm we
 * offered, sent a malformed or reflected challenge, failed mutual authentication, or chose an AuthMethod we do not
 * allow. Never carries a secret.
 */
public final class AuthenticationException extends LoginException {

    /** Why authentication failed; {@link ChapRetryPolicy} decides on it. */
    public enum Reason {
        /** The target answered AuthMethod with Reject/NotUnderstood or a method we did not offer. */
        AUTH_METHOD_REJECTED,
        /** The target answered CHAP_A with Reject/NotUnderstood or an algorithm we did not offer. */
        CHAP_ALGORITHM_REJECTED,
        /** The target's CHAP_I/CHAP_C were missing, malformed, too short/long, or a reflection of ours. */
        BAD_CHALLENGE,
        /** Mutual CHAP: the target's CHAP_N/CHAP_R were missing or did not verify. */
        TARGET_NOT_AUTHENTICATED
    }

    private final Reason reason;

    public AuthenticationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
