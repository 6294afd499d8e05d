package org.lunbridge.iscsi.login;

import java.io.IOException;

/**
 * Base of every failure of the iSCSI login phase (RFC 7143 §6). The session layer catches this one type, then
 * switches on the subclass: a redirect means "connect elsewhere", a {@link LoginFailedException} carries the
 * target's status, the others mean the exchange itself was broken and the connection must be dropped.
 */
public abstract sealed class LoginException extends IOException
        permits TextFormatException, NegotiationException, AuthenticationException,
                LoginFailedException, LoginRedirectException, LoginProtocolException {

    protected LoginException(String message) {
        super(message);
    }

    protected LoginException(String message, Throwable cause) {
        super(message, cause);
    }
}
