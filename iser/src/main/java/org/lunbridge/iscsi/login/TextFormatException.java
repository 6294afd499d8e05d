package org.lunbridge.iscsi.login;

/** Malformed text data (RFC 7143 §6.1, §13): a pair without '=', an over-long key or value, bad encoding. */
public final class TextFormatException extends LoginException {

    public TextFormatException(String message) {
        super(message);
    }
}
