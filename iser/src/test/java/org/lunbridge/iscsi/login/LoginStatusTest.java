package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginStatusTest {

    @Test
    void givenRfcTable_whenMapped_thenEveryCodeHasItsName() {
        // RFC 7143 §11.13.5, written out independently.
        int[][] codes = {{0, 0}, {1, 1}, {1, 2}, {2, 0}, {2, 1}, {2, 2}, {2, 3}, {2, 4}, {2, 5}, {2, 6}, {2, 7},
                {2, 8}, {2, 9}, {2, 10}, {2, 11}, {3, 0}, {3, 1}, {3, 2}};
        String[] names = {"SUCCESS", "TARGET_MOVED_TEMPORARILY", "TARGET_MOVED_PERMANENTLY", "INITIATOR_ERROR",
                "AUTHENTICATION_FAILURE", "AUTHORIZATION_FAILURE", "NOT_FOUND", "TARGET_REMOVED",
                "UNSUPPORTED_VERSION", "TOO_MANY_CONNECTIONS", "MISSING_PARAMETER", "CANT_INCLUDE_IN_SESSION",
                "SESSION_TYPE_NOT_SUPPORTED", "SESSION_DOES_NOT_EXIST", "INVALID_DURING_LOGIN", "TARGET_ERROR",
                "SERVICE_UNAVAILABLE", "OUT_OF_RESOURCES"};
        Set<LoginStatus> seen = new HashSet<>();
        for (int i = 0; i < codes.length; i++) {
            LoginStatus s = LoginStatus.of(codes[i][0], codes[i][1]);
            assertEquals(names[i], s.name());
            assertEquals(codes[i][0] << 8 | codes[i][1], s.code());
            seen.add(s);
        }
        assertEquals(LoginStatus.values().length, seen.size());
    }

    @Test
    void givenUnknownDetail_whenMapped_thenClassMiscellaneous() {
        assertEquals(LoginStatus.INITIATOR_ERROR, LoginStatus.of(2, 0x7f));
        assertEquals(LoginStatus.TARGET_ERROR, LoginStatus.of(3, 9));
        assertEquals(LoginStatus.TARGET_MOVED_TEMPORARILY, LoginStatus.of(1, 9));
        assertEquals("0x0309 TARGET_ERROR", LoginStatus.nameOf(3, 9));
        assertFalse(LoginStatus.isKnownClass(4));
    }

    @Test
    void givenStatuses_whenAskedAboutRetry_thenTransientOnesSayYes() {
        assertTrue(LoginStatus.SERVICE_UNAVAILABLE.retryMayHelp());
        assertTrue(LoginStatus.OUT_OF_RESOURCES.retryMayHelp());
        assertTrue(LoginStatus.TARGET_ERROR.retryMayHelp());
        assertTrue(LoginStatus.TOO_MANY_CONNECTIONS.retryMayHelp());
        assertFalse(LoginStatus.AUTHENTICATION_FAILURE.retryMayHelp());
        assertFalse(LoginStatus.NOT_FOUND.retryMayHelp());
        assertFalse(LoginStatus.TARGET_REMOVED.retryMayHelp());
        assertFalse(LoginStatus.SESSION_DOES_NOT_EXIST.retryMayHelp());
        assertEquals("target IQN not found", LoginStatus.NOT_FOUND.message());
    }
}
