package org.lunbridge.nbd.protocol;

/**
 * An option's data is syntactically or semantically invalid: the server answers {@code NBD_REP_ERR_INVALID} and
 * the handshake continues (proto.md "Option reply types").
 */
public class InvalidOptionException extends Exception {
    public InvalidOptionException(String message) {
        super(message);
    }
}
