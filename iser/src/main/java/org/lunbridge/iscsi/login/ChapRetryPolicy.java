package org.lunbridge.iscsi.login;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a failed CHAP login should be retried with MD5 alone. Some targets reject a CHAP_A list that
 * starts with algorithms they do not know, or mis-number them (tgt 1.0.85 takes 7 as SHA-1 while IANA says
 * SHA-256, so its digest check fails). MD5 is the one algorithm every RFC 7143 target must implement
 * (§12.1.3), so one retry with {@code CHAP_A=5} is the interoperable fallback. The caller logs the first failure
 * before retrying.
 */
public final class ChapRetryPolicy {

    private ChapRetryPolicy() {
    }

    /**
     * @param offered the CHAP_A list used in the failed attempt
     * @param selected the algorithm the target picked, if it got that far ({@link LoginConversation#chapAlgorithm()})
     * @param failure  what ended it
     * @return the algorithm list for one more attempt, or empty when retrying cannot help
     */
    public static Optional<List<ChapAlgorithm>> retryAlgorithms(List<ChapAlgorithm> offered,
                                                                Optional<ChapAlgorithm> selected,
                                                                LoginException failure) {
        List<ChapAlgorithm> md5 = List.of(ChapAlgorithm.MD5);
        if (offered.equals(md5) || !offered.contains(ChapAlgorithm.MD5)) {
            return Optional.empty();   // already the fallback, or MD5 was deliberately excluded
        }
        if (selected.equals(Optional.of(ChapAlgorithm.MD5))) {
            return Optional.empty();   // MD5 already failed: the secret is wrong, not the algorithm
        }
        boolean retry = switch (failure) {
            case AuthenticationException a ->
                    a.reason() == AuthenticationException.Reason.CHAP_ALGORITHM_REJECTED;
            case LoginFailedException f -> f.stage() == LoginStage.SECURITY_NEGOTIATION
                    && (f.status() == LoginStatus.AUTHENTICATION_FAILURE
                        || f.status() == LoginStatus.INITIATOR_ERROR
                        || f.status() == LoginStatus.TARGET_ERROR);
            default -> false;
        };
        return retry ? Optional.of(md5) : Optional.empty();
    }
}
