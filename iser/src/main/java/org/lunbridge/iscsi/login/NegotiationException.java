package org.lunbridge.iscsi.login;

/**
 * The target's answer to a negotiated key is illegal (RFC 7143 §6.2): outside our offer, out of range, not a
 * permitted value, a key negotiated twice, or a result that breaks a cross-key rule (FirstBurstLength &gt;
 * MaxBurstLength). {@link #key()} names the key at fault.
 */
public final class NegotiationException extends LoginException {

    private final String key;

    public NegotiationException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
