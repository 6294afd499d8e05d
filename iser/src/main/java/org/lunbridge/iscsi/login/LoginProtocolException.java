package org.lunbridge.iscsi.login;

/**
 * The target broke the login state machine (RFC 7143 §6.3, §11.13): it transited without our permission, named a
 * stage we did not ask for, set both T and C, changed the TSIH, or never progressed. The connection must close.
 */
public final class LoginProtocolException extends LoginException {

    public LoginProtocolException(String message) {
        super(message);
    }
}
