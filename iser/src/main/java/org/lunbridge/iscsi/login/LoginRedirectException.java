package org.lunbridge.iscsi.login;

/**
 * The target answered with status class 1 (RFC 7143 §11.13.5, §13.8): log in again at {@link #address()}.
 * A temporary move applies to this login only; a permanent one should replace the configured portal.
 */
public final class LoginRedirectException extends LoginException {

    private final TargetAddress address;
    private final boolean permanent;

    public LoginRedirectException(TargetAddress address, boolean permanent) {
        super("target moved " + (permanent ? "permanently" : "temporarily") + " to " + address);
        this.address = address;
        this.permanent = permanent;
    }

    public TargetAddress address() {
        return address;
    }

    public String host() {
        return address.host();
    }

    public int port() {
        return address.port();
    }

    /** The portal group tag of the new address, or -1 when the target did not send one. */
    public int targetPortalGroupTag() {
        return address.targetPortalGroupTag();
    }

    public boolean permanent() {
        return permanent;
    }
}
