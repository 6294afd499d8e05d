package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChapRetryPolicyTest {

    private static final List<ChapAlgorithm> DEFAULT = ChapConfig.DEFAULT_ALGORITHMS;
    private static final Optional<List<ChapAlgorithm>> MD5_ONLY = Optional.of(List.of(ChapAlgorithm.MD5));

    private static LoginFailedException failed(LoginStatus status, LoginStage stage) {
        return new LoginFailedException(status, stage, "x");
    }

    @Test
    void givenAlgorithmListRejected_whenDecided_thenRetryWithMd5Alone() {
        AuthenticationException rejected = new AuthenticationException(
                AuthenticationException.Reason.CHAP_ALGORITHM_REJECTED, "CHAP_A=Reject");
        assertEquals(MD5_ONLY, ChapRetryPolicy.retryAlgorithms(DEFAULT, Optional.empty(), rejected));
    }

    @Test
    void givenAuthFailureAfterStrongAlgorithm_whenDecided_thenRetryWithMd5Alone() {
        // tgt 1.0.85 picks 7 and checks it as SHA-1: the login fails with 0x0201 or 0x0300.
        for (LoginStatus s : List.of(LoginStatus.AUTHENTICATION_FAILURE, LoginStatus.TARGET_ERROR,
                LoginStatus.INITIATOR_ERROR)) {
            assertEquals(MD5_ONLY, ChapRetryPolicy.retryAlgorithms(DEFAULT, Optional.of(ChapAlgorithm.SHA256),
                    failed(s, LoginStage.SECURITY_NEGOTIATION)), s.name());
        }
    }

    @Test
    void givenMd5AlreadyUsedOrExcluded_whenDecided_thenNoRetry() {
        LoginFailedException auth = failed(LoginStatus.AUTHENTICATION_FAILURE, LoginStage.SECURITY_NEGOTIATION);
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(List.of(ChapAlgorithm.MD5),
                Optional.of(ChapAlgorithm.MD5), auth));
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(DEFAULT, Optional.of(ChapAlgorithm.MD5), auth));
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(
                List.of(ChapAlgorithm.SHA3_256, ChapAlgorithm.SHA256), Optional.of(ChapAlgorithm.SHA256), auth));
    }

    @Test
    void givenFailuresUnrelatedToTheAlgorithm_whenDecided_thenNoRetry() {
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(DEFAULT, Optional.of(ChapAlgorithm.SHA256),
                failed(LoginStatus.AUTHORIZATION_FAILURE, LoginStage.SECURITY_NEGOTIATION)));
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(DEFAULT, Optional.of(ChapAlgorithm.SHA256),
                failed(LoginStatus.NOT_FOUND, LoginStage.SECURITY_NEGOTIATION)));
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(DEFAULT, Optional.of(ChapAlgorithm.SHA256),
                failed(LoginStatus.AUTHENTICATION_FAILURE, LoginStage.LOGIN_OPERATIONAL_NEGOTIATION)));
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(DEFAULT, Optional.of(ChapAlgorithm.SHA256),
                new AuthenticationException(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED, "x")));
        assertEquals(Optional.empty(), ChapRetryPolicy.retryAlgorithms(DEFAULT, Optional.empty(),
                new NegotiationException("MaxBurstLength", "x")));
    }
}
