package org.lunbridge.iscsi.login;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The initiator side of CHAP in the security stage (RFC 7143 §12.1.3, RFC 1994):
 *
 * <pre>
 *   I->T  CHAP_A=A1,A2,...                      (ours, strongest first)
 *   T->I  CHAP_A=A, CHAP_I=I, CHAP_C=C
 *   I->T  CHAP_N=N, CHAP_R=H(I|secret|C)        [+ CHAP_I=I2, CHAP_C=C2 for mutual]
 *   T->I  [CHAP_N=N2, CHAP_R=H(I2|targetSecret|C2)]  (mutual: verified here, constant time)
 * </pre>
 *
 * One instance per login attempt; states only move forward (see {@link State}). Secrets never leave this class
 * except inside the computed digest.
 */
public final class ChapAuthenticator {

    /** RFC 7143 §12.1.3: challenges are binary of at most 1024 bytes. */
    public static final int MAX_CHALLENGE_BYTES = 1024;
    /** We refuse challenges shorter than 16 bytes: too weak to be fresh (LIO and tgtd send >= 16). */
    public static final int MIN_CHALLENGE_BYTES = 16;

    /** Progress of the exchange. */
    public enum State {
        INITIAL, ALGORITHMS_SENT, RESPONSE_SENT, DONE;

        void checkTransition(State next) {
            if (next.ordinal() != ordinal() + 1 && !(this == RESPONSE_SENT && next == DONE)) {
                throw new IllegalStateException("CHAP state " + this + " -> " + next + " is not allowed");
            }
        }
    }

    private final ChapConfig config;
    private final RandomGenerator random;
    private final ChapChallengeHistory history;
    private State state = State.INITIAL;
    private ChapAlgorithm algorithm;
    private int ourIdentifier = -1;
    private byte[] ourChallenge;

    public ChapAuthenticator(ChapConfig config) {
        this(config, new SecureRandom(), ChapChallengeHistory.shared());
    }

    /** For tests: a seeded random and a private history. Production code must use a SecureRandom. */
    public ChapAuthenticator(ChapConfig config, RandomGenerator random, ChapChallengeHistory history) {
        this.config = config;
        this.random = random;
        this.history = history;
    }

    public State state() {
        return state;
    }

    /** The algorithm the target chose, or null before its challenge arrived. */
    public ChapAlgorithm algorithm() {
        return algorithm;
    }

    public boolean mutual() {
        return config.mutual();
    }

    public String userName() {
        return config.initiator().userName();
    }

    /** Step 1: our CHAP_A list. */
    public List<KeyValue> start() {
        move(State.ALGORITHMS_SENT);
        String list = config.algorithms().stream().map(a -> Integer.toString(a.number()))
                .collect(Collectors.joining(","));
        return List.of(KeyValue.of(TextKeys.CHAP_A, list));
    }

    /** Step 2: the target's CHAP_A/CHAP_I/CHAP_C; returns our CHAP_N/CHAP_R (and CHAP_I/CHAP_C if mutual). */
    public List<KeyValue> onChallenge(Map<String, String> keys) throws AuthenticationException {
        if (state != State.ALGORITHMS_SENT) {
            throw new IllegalStateException("CHAP challenge in state " + state);
        }
        String a = keys.get(TextKeys.CHAP_A);
        if (a == null || TextKeys.isReservedAnswer(a)) {
            throw new AuthenticationException(AuthenticationException.Reason.CHAP_ALGORITHM_REJECTED,
                    "target answered CHAP_A=" + a + " to our offer " + offerText());
        }
        ChapAlgorithm chosen = parseAlgorithm(a);
        if (chosen == null || !config.algorithms().contains(chosen)) {
            throw new AuthenticationException(AuthenticationException.Reason.CHAP_ALGORITHM_REJECTED,
                    "target chose CHAP_A=" + a + ", not in our offer " + offerText());
        }
        int id = parseIdentifier(keys.get(TextKeys.CHAP_I));
        byte[] challenge = parseChallenge(keys.get(TextKeys.CHAP_C));
        if (history.contains(challenge) || (ourChallenge != null && MessageDigest.isEqual(challenge, ourChallenge))) {
            throw new AuthenticationException(AuthenticationException.Reason.BAD_CHALLENGE,
                    "target sent back a challenge we issued (CHAP reflection, RFC 7143 §12.1.3)");
        }
        algorithm = chosen;
        byte[] secret = config.initiator().secret();
        byte[] response = chosen.response(id, secret, challenge);
        java.util.Arrays.fill(secret, (byte) 0);
        List<KeyValue> out = new ArrayList<>();
        out.add(KeyValue.of(TextKeys.CHAP_N, config.initiator().userName()));
        out.add(KeyValue.of(TextKeys.CHAP_R, BinaryValues.encode(response, config.encoding())));
        if (config.mutual()) {
            ourIdentifier = random.nextInt(256);
            // Fresh and at least the digest length; never equal to the target's (RFC 7143 §12.1.3).
            ourChallenge = new byte[Math.max(MIN_CHALLENGE_BYTES, chosen.digestLength())];
            do {
                random.nextBytes(ourChallenge);
            } while (MessageDigest.isEqual(ourChallenge, challenge) || history.contains(ourChallenge));
            history.remember(ourChallenge);
            out.add(KeyValue.of(TextKeys.CHAP_I, Integer.toString(ourIdentifier)));
            out.add(KeyValue.of(TextKeys.CHAP_C, BinaryValues.encode(ourChallenge, config.encoding())));
        }
        move(State.RESPONSE_SENT);
        return out;
    }

    /**
     * Step 3: the target's answer to our response. One-way: nothing to check. Mutual: CHAP_N must name the
     * configured target and CHAP_R must verify.
     */
    public void onTargetResponse(Map<String, String> keys) throws AuthenticationException {
        if (state != State.RESPONSE_SENT) {
            throw new IllegalStateException("CHAP target response in state " + state);
        }
        if (config.mutual()) {
            ChapCredentials target = config.target().orElseThrow();
            String name = keys.get(TextKeys.CHAP_N);
            String r = keys.get(TextKeys.CHAP_R);
            if (name == null || r == null) {
                throw new AuthenticationException(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED,
                        "mutual CHAP: target did not send " + (name == null ? "CHAP_N" : "CHAP_R"));
            }
            if (!name.equals(target.userName())) {
                throw new AuthenticationException(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED,
                        "mutual CHAP: target named itself \"" + name + "\", expected \"" + target.userName() + "\"");
            }
            byte[] got;
            try {
                got = BinaryValues.decode(TextKeys.CHAP_R, r);
            } catch (TextFormatException e) {
                throw new AuthenticationException(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED,
                        "mutual CHAP: " + e.getMessage());
            }
            byte[] secret = target.secret();
            byte[] expected = algorithm.response(ourIdentifier, secret, ourChallenge);
            java.util.Arrays.fill(secret, (byte) 0);
            // Constant time: a timing oracle must not reveal how many leading bytes matched.
            if (!MessageDigest.isEqual(expected, got)) {
                throw new AuthenticationException(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED,
                        "mutual CHAP: target " + name + " failed authentication (wrong CHAP_R)");
            }
        }
        move(State.DONE);
    }

    /** True once the exchange is finished: one-way after our response, mutual after verification. */
    public boolean done() {
        return state == State.DONE;
    }

    private void move(State next) {
        state.checkTransition(next);
        state = next;
    }

    private String offerText() {
        return config.algorithms().stream().map(x -> Integer.toString(x.number())).collect(Collectors.joining(","));
    }

    private static ChapAlgorithm parseAlgorithm(String a) {
        try {
            return ChapAlgorithm.fromNumber(Integer.parseInt(a.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int parseIdentifier(String v) throws AuthenticationException {
        if (v == null) {
            throw new AuthenticationException(AuthenticationException.Reason.BAD_CHALLENGE, "target sent no CHAP_I");
        }
        try {
            int id = v.startsWith("0x") || v.startsWith("0X") ? Integer.parseInt(v.substring(2), 16)
                    : Integer.parseInt(v);
            if (id < 0 || id > 255) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new AuthenticationException(AuthenticationException.Reason.BAD_CHALLENGE,
                    "CHAP_I: \"" + v + "\" (expected: 0..255)");
        }
    }

    private static byte[] parseChallenge(String v) throws AuthenticationException {
        if (v == null) {
            throw new AuthenticationException(AuthenticationException.Reason.BAD_CHALLENGE, "target sent no CHAP_C");
        }
        byte[] c;
        try {
            c = BinaryValues.decode(TextKeys.CHAP_C, v);
        } catch (TextFormatException e) {
            throw new AuthenticationException(AuthenticationException.Reason.BAD_CHALLENGE, e.getMessage());
        }
        if (c.length < MIN_CHALLENGE_BYTES || c.length > MAX_CHALLENGE_BYTES) {
            throw new AuthenticationException(AuthenticationException.Reason.BAD_CHALLENGE, "CHAP_C length: "
                    + c.length + " (expected: " + MIN_CHALLENGE_BYTES + ".." + MAX_CHALLENGE_BYTES + ")");
        }
        return c;
    }
}
