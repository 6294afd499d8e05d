package org.lunbridge.iscsi.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lunbridge.iscsi.login.ChapConfig;
import org.lunbridge.iscsi.login.ChapCredentials;
import org.lunbridge.iscsi.login.DigestType;
import org.lunbridge.iscsi.login.Isid;
import org.lunbridge.iscsi.login.OperationalOffer;
import org.lunbridge.iscsi.session.SessionConfig;
import org.lunbridge.iscsi.transport.TransportOptions;

/**
 * How the client logs in.
 *
 * @param initiatorName      our IQN
 * @param isidBase           base ISID; session slot {@code n} uses {@code isidBase.forSlot(n)} (RFC 7143 §10.1.1)
 * @param digests            NONE, or CRC32C preferred / required (header and data alike)
 * @param targetChap         mutual CHAP: the credentials the target must prove, empty for one-way
 * @param maxRedirects       login redirections followed before giving up (§6.2 status class 1)
 */
public record ClientConfig(String initiatorName, Isid isidBase, DigestPolicy digests,
                           Optional<ChapCredentials> targetChap, int maxRedirects, SessionConfig session,
                           TransportOptions transport) {

    public static final String DEFAULT_INITIATOR_NAME = "iqn.2026-01.org.lunbridge:initiator";

    /** Digest negotiation policy (§13.1). */
    public enum DigestPolicy {
        NONE(List.of(DigestType.NONE)),
        PREFER_CRC32C(List.of(DigestType.CRC32C, DigestType.NONE)),
        REQUIRE_CRC32C(List.of(DigestType.CRC32C));

        final List<DigestType> offer;

        DigestPolicy(List<DigestType> offer) {
            this.offer = offer;
        }
    }

    public ClientConfig {
        Objects.requireNonNull(initiatorName, "initiatorName");
        Objects.requireNonNull(isidBase, "isidBase");
        Objects.requireNonNull(digests, "digests");
        Objects.requireNonNull(targetChap, "targetChap");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(transport, "transport");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects: " + maxRedirects + " (expected: >= 0)");
        }
    }

    public static ClientConfig defaults() {
        // Enterprise-number format ISID (§11.12.5); 0 is no registered number, the qualifier separates slots.
        return new ClientConfig(DEFAULT_INITIATOR_NAME, Isid.enterpriseNumber(0, 0x100), DigestPolicy.NONE,
                Optional.empty(), 4, SessionConfig.defaults(), TransportOptions.defaults());
    }

    public ClientConfig withDigests(DigestPolicy policy) {
        return new ClientConfig(initiatorName, isidBase, policy, targetChap, maxRedirects, session, transport);
    }

    public ClientConfig withTargetChap(ChapCredentials credentials) {
        return new ClientConfig(initiatorName, isidBase, digests, Optional.of(credentials), maxRedirects, session,
                transport);
    }

    public ClientConfig withInitiatorName(String name) {
        return new ClientConfig(name, isidBase, digests, targetChap, maxRedirects, session, transport);
    }

    public ClientConfig withSession(SessionConfig s) {
        return new ClientConfig(initiatorName, isidBase, digests, targetChap, maxRedirects, s, transport);
    }

    OperationalOffer offer() {
        return OperationalOffer.defaults().withDigests(digests.offer, digests.offer);
    }

    /** CHAP settings from the URL's user and secret, if any. */
    Optional<ChapConfig> chap(IscsiUrl url) {
        if (url.user().isEmpty()) {
            return Optional.empty();
        }
        byte[] secret = url.secret().orElseThrow(() -> new IllegalArgumentException("CHAP user "
                + url.user().get() + " given without a secret"));
        ChapCredentials initiator = new ChapCredentials(url.user().get(), secret);
        return Optional.of(targetChap.map(t -> ChapConfig.mutual(initiator, t))
                .orElseGet(() -> ChapConfig.oneWay(initiator)));
    }
}
