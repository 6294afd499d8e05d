package org.lunbridge.nbd.backend;

/** A backend specification is malformed (unknown scheme, bad size, relative path...): the user must fix the input. */
public final class InvalidBackendSpecException extends IllegalArgumentException {
    public InvalidBackendSpecException(String message) {
        super(message);
    }
}
