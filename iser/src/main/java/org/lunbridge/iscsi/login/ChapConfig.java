package org.lunbridge.iscsi.login;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How we authenticate with CHAP (RFC 7143 §12.1.3).
 *
 * @param initiator   our name/secret: the target challenges us
 * @param target      for mutual CHAP, the name/secret the target must prove; empty for one-way
 * @param algorithms  CHAP_A offer, strongest first; the target picks the first it supports
 * @param encoding    how we write CHAP_R/CHAP_C (we read both)
 */
public record ChapConfig(ChapCredentials initiator, Optional<ChapCredentials> target,
                         List<ChapAlgorithm> algorithms, BinaryValues.Encoding encoding) {

    /** Strongest first: SHA3-256, SHA-256, SHA-1, MD5. */
    public static final List<ChapAlgorithm> DEFAULT_ALGORITHMS =
            List.of(ChapAlgorithm.SHA3_256, ChapAlgorithm.SHA256, ChapAlgorithm.SHA1, ChapAlgorithm.MD5);

    public ChapConfig {
        Objects.requireNonNull(initiator, "initiator");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(encoding, "encoding");
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty() || algorithms.stream().distinct().count() != algorithms.size()) {
            throw new IllegalArgumentException("CHAP algorithms must be a non-empty list without repeats");
        }
        if (target.isPresent() && target.get().sameSecretAs(initiator)) {
            // RFC 7143 §9.2.1: a secret used to authenticate initiators must not authenticate targets, or a target
            // could reflect our challenge and learn a valid response.
            throw new IllegalArgumentException("mutual CHAP: the target secret must differ from the initiator's");
        }
    }

    public static ChapConfig oneWay(ChapCredentials initiator) {
        return new ChapConfig(initiator, Optional.empty(), DEFAULT_ALGORITHMS, BinaryValues.Encoding.HEX);
    }

    public static ChapConfig mutual(ChapCredentials initiator, ChapCredentials target) {
        return new ChapConfig(initiator, Optional.of(target), DEFAULT_ALGORITHMS, BinaryValues.Encoding.HEX);
    }

    public ChapConfig withAlgorithms(List<ChapAlgorithm> list) {
        return new ChapConfig(initiator, target, list, encoding);
    }

    public ChapConfig withEncoding(BinaryValues.Encoding e) {
        return new ChapConfig(initiator, target, algorithms, e);
    }

    public boolean mutual() {
        return target.isPresent();
    }
}
