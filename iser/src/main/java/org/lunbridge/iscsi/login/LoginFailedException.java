package org.lunbridge.iscsi.login;

/**
 * The target ended the login with a class 2 (initiator error) or class 3 (target error) status (RFC 7143
 * §11.13.5). {@link #status()} says whether a retry may help; {@link #stage()} says where it happened, which the
 * CHAP fallback needs.
 */
public final class LoginFailedException extends LoginException {

    private final LoginStatus status;
    private final LoginStage stage;

    public LoginFailedException(LoginStatus status, LoginStage stage, String message) {
        super(message);
        this.status = status;
        this.stage = stage;
    }

    public LoginStatus status() {
        return status;
    }

    public LoginStage stage() {
        return stage;
    }

    public boolean retryMayHelp() {
        return status.retryMayHelp();
    }
}
