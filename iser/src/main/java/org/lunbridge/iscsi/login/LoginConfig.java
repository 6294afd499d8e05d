package org.lunbridge.iscsi.login;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything one login attempt needs. Always a leading login (TSIH 0): a new session, or — with the same
 * {@link #isid} as before — the reinstatement of an old one (RFC 7143 §6.3.5). We offer MaxConnections=1, so no
 * connection is ever added to an existing session.
 *
 * @param targetName            required for a normal session, absent for discovery (§13.4)
 * @param chap                  CHAP settings, or empty for AuthMethod=None
 * @param allowNoAuthentication with CHAP configured, also offer None (the target then chooses)
 * @param cid                   the connection ID the request carries (§11.12.6)
 */
public record LoginConfig(String initiatorName, Optional<String> initiatorAlias, Optional<String> targetName,
                          SessionType sessionType, Isid isid, int cid, Optional<ChapConfig> chap,
                          boolean allowNoAuthentication, OperationalOffer offer) {

    public LoginConfig {
        Objects.requireNonNull(initiatorName, "initiatorName");
        Objects.requireNonNull(initiatorAlias, "initiatorAlias");
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(sessionType, "sessionType");
        Objects.requireNonNull(isid, "isid");
        Objects.requireNonNull(chap, "chap");
        Objects.requireNonNull(offer, "offer");
        if (initiatorName.isEmpty() || initiatorName.length() > 223) {
            // RFC 7143 §4.2.7.1: iSCSI names are at most 223 bytes.
            throw new IllegalArgumentException("initiatorName length: " + initiatorName.length()
                    + " (expected: 1..223)");
        }
        if (sessionType == SessionType.NORMAL && targetName.isEmpty()) {
            throw new IllegalArgumentException("a normal session needs a target name");
        }
        if (sessionType == SessionType.DISCOVERY && targetName.isPresent()) {
            throw new IllegalArgumentException("a discovery session has no target name (RFC 7143 §13.4)");
        }
        if (initiatorAlias.isPresent() && initiatorAlias.get().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length > TextKeys.MAX_SIMPLE_VALUE_BYTES) {
            throw new IllegalArgumentException("initiatorAlias longer than 255 bytes (RFC 7143 §6.1, §13.7)");
        }
        if (cid < 0 || cid > 0xffff) {
            throw new IllegalArgumentException("cid: " + cid + " (expected: 0..65535)");
        }
        if (isid.type() == Isid.Type.RESERVED) {
            throw new IllegalArgumentException("ISID type 11 is reserved (RFC 7143 §11.12.5)");
        }
    }

    public static LoginConfig normal(String initiatorName, String targetName, Isid isid) {
        return new LoginConfig(initiatorName, Optional.empty(), Optional.of(targetName), SessionType.NORMAL, isid,
                0, Optional.empty(), false, OperationalOffer.defaults());
    }

    public static LoginConfig discovery(String initiatorName, Isid isid) {
        return new LoginConfig(initiatorName, Optional.empty(), Optional.empty(), SessionType.DISCOVERY, isid,
                0, Optional.empty(), false, OperationalOffer.defaults());
    }

    public LoginConfig withChap(ChapConfig c) {
        return new LoginConfig(initiatorName, initiatorAlias, targetName, sessionType, isid, cid, Optional.of(c),
                allowNoAuthentication, offer);
    }

    public LoginConfig withOffer(OperationalOffer o) {
        return new LoginConfig(initiatorName, initiatorAlias, targetName, sessionType, isid, cid, chap,
                allowNoAuthentication, o);
    }

    public LoginConfig withInitiatorAlias(String alias) {
        return new LoginConfig(initiatorName, Optional.of(alias), targetName, sessionType, isid, cid, chap,
                allowNoAuthentication, offer);
    }

    public LoginConfig withAllowNoAuthentication(boolean allow) {
        return new LoginConfig(initiatorName, initiatorAlias, targetName, sessionType, isid, cid, chap, allow,
                offer);
    }

    /** Whether AuthMethod=None is acceptable. */
    public boolean noneAcceptable() {
        return chap.isEmpty() || allowNoAuthentication;
    }
}
