package org.lunbridge.iscsi.login;

import java.util.Objects;
import java.util.Optional;

/** What the login state machine wants next: send a request, or the login is complete. Failures are thrown. */
public sealed interface LoginStep {

    /** Send this request and feed the response to {@link LoginConversation#onResponse}. */
    record Send(LoginMessages.Request request) implements LoginStep {
        public Send {
            Objects.requireNonNull(request, "request");
        }
    }

    /** Full feature phase reached. */
    record Complete(LoginResult result) implements LoginStep {
        public Complete {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The outcome of a successful login.
     *
     * @param tsih          the target-assigned session handle (§11.13.3), never 0
     * @param chapAlgorithm the CHAP algorithm used, empty for AuthMethod=None
     */
    record LoginResult(SessionParameters session, ConnectionParameters connection, Isid isid, int tsih,
                       Optional<ChapAlgorithm> chapAlgorithm) {
        public LoginResult {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(isid, "isid");
            Objects.requireNonNull(chapAlgorithm, "chapAlgorithm");
            if (tsih < 1 || tsih > 0xffff) {
                throw new IllegalArgumentException("tsih: " + tsih + " (expected: 1..65535)");
            }
        }
    }
}
