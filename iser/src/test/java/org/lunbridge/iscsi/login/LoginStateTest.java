package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginStateTest {

    /** The table as RFC 7143 §6.3 allows it, written out independently of {@link LoginState#successors()}. */
    private static final Map<LoginState, Set<LoginState>> ALLOWED = Map.of(
            LoginState.INITIAL, EnumSet.of(LoginState.SECURITY_NEGOTIATION, LoginState.OPERATIONAL_NEGOTIATION,
                    LoginState.FAILED),
            LoginState.SECURITY_NEGOTIATION, EnumSet.of(LoginState.OPERATIONAL_NEGOTIATION,
                    LoginState.FULL_FEATURE_PHASE, LoginState.FAILED),
            LoginState.OPERATIONAL_NEGOTIATION, EnumSet.of(LoginState.FULL_FEATURE_PHASE, LoginState.FAILED),
            LoginState.FULL_FEATURE_PHASE, EnumSet.noneOf(LoginState.class),
            LoginState.FAILED, EnumSet.noneOf(LoginState.class));

    @Test
    void givenEveryPairOfStates_whenTransitionChecked_thenOnlyTableEntriesPass() {
        int allowed = 0;
        for (LoginState from : LoginState.values()) {
            for (LoginState to : LoginState.values()) {
                if (ALLOWED.get(from).contains(to)) {
                    assertDoesNotThrow(() -> from.checkTransition(to), from + "->" + to);
                    allowed++;
                } else {
                    assertThrows(IllegalStateException.class, () -> from.checkTransition(to), from + "->" + to);
                }
            }
            assertEquals(ALLOWED.get(from).isEmpty(), from.terminal());
        }
        assertEquals(8, allowed);
    }

    @Test
    void givenChapStates_whenWalked_thenOnlyForward() {
        for (ChapAuthenticator.State from : ChapAuthenticator.State.values()) {
            for (ChapAuthenticator.State to : ChapAuthenticator.State.values()) {
                if (to.ordinal() == from.ordinal() + 1) {
                    assertDoesNotThrow(() -> from.checkTransition(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.checkTransition(to), from + "->" + to);
                }
            }
        }
    }

    @Test
    void givenStageCodes_whenDecoded_thenReservedRejected() throws Exception {
        assertEquals(LoginStage.SECURITY_NEGOTIATION, LoginStage.fromCode(0));
        assertEquals(LoginStage.LOGIN_OPERATIONAL_NEGOTIATION, LoginStage.fromCode(1));
        assertEquals(LoginStage.FULL_FEATURE_PHASE, LoginStage.fromCode(3));
        assertThrows(LoginProtocolException.class, () -> LoginStage.fromCode(2));
        assertEquals("reserved(2)", LoginStage.nameOf(2));
    }
}
