package org.lunbridge.iscsi.client;

import java.io.IOException;
import org.lunbridge.iscsi.login.LoginFailedException;
import org.lunbridge.iscsi.login.LoginStatus;

/** The target refused the login; {@link #status()} says why (RFC 7143 §11.13.5), the message says it plainly. */
public final class LoginRejectedException extends IOException {

    public LoginRejectedException(String message, LoginFailedException cause) {
        super(message, cause);
    }

    public LoginStatus status() {
        return ((LoginFailedException) getCause()).status();
    }
}
