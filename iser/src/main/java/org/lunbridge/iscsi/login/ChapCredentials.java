package org.lunbridge.iscsi.login;

import java.util.Arrays;
import java.util.Objects;

/**
 * A CHAP name and secret. The secret is copied in and out, never printed: {@link #toString()} shows the name
 * only. Not a record on purpose, so no generated accessor or toString can expose the secret.
 */
public final class ChapCredentials {

    private final String userName;
    private final byte[] secret;

    public ChapCredentials(String userName, byte[] secret) {
        this.userName = Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(secret, "secret");
        if (userName.isEmpty()) {
            throw new IllegalArgumentException("empty CHAP user name");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("empty CHAP secret");
        }
        this.secret = secret.clone();
    }

    /** The secret as UTF-8 bytes, as tgtd/LIO/open-iscsi store it. */
    public static ChapCredentials of(String userName, String secret) {
        return new ChapCredentials(userName, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String userName() {
        return userName;
    }

    /** A copy: the caller may wipe it. */
    byte[] secret() {
        return secret.clone();
    }

    boolean sameSecretAs(ChapCredentials other) {
        return java.security.MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChapCredentials other && userName.equals(other.userName)
                && Arrays.equals(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return userName.hashCode();
    }

    @Override
    public String toString() {
        return "ChapCredentials[userName=" + userName + ", secret=<hidden>]";
    }
}
