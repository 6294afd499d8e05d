package org.lunbridge.iscsi.login;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The session-wide result of login negotiation (RFC 7143 §13, "Scope: SW"). Immutable; built by
 * {@link OperationalNegotiator} from our offer and the target's answers, RFC defaults for keys not negotiated.
 */
public record SessionParameters(SessionType sessionType, String initiatorName, Optional<String> initiatorAlias,
                                Optional<String> targetName, Optional<String> targetAlias,
                                OptionalInt targetPortalGroupTag, int maxConnections, boolean initialR2T,
                                boolean immediateData, int maxBurstLength, int firstBurstLength,
                                int defaultTime2Wait, int defaultTime2Retain, int maxOutstandingR2T,
                                boolean dataPduInOrder, boolean dataSequenceInOrder, int errorRecoveryLevel,
                                boolean rdmaExtensions) {

    public SessionParameters {
        Objects.requireNonNull(sessionType, "sessionType");
        Objects.requireNonNull(initiatorName, "initiatorName");
        Objects.requireNonNull(initiatorAlias, "initiatorAlias");
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(targetAlias, "targetAlias");
        Objects.requireNonNull(targetPortalGroupTag, "targetPortalGroupTag");
        // §13.14: FirstBurstLength is irrelevant (and unchecked) when InitialR2T=Yes and ImmediateData=No.
        if ((!initialR2T || immediateData) && firstBurstLength > maxBurstLength) {
            throw new IllegalArgumentException("firstBurstLength " + firstBurstLength + " > maxBurstLength "
                    + maxBurstLength + " (RFC 7143 §13.14)");
        }
        if (sessionType == SessionType.NORMAL && targetName.isEmpty()) {
            throw new IllegalArgumentException("a normal session needs a TargetName (RFC 7143 §13.4)");
        }
    }

    /** The RFC 7143 §13 defaults, i.e. what applies to keys nobody negotiated. */
    public static SessionParameters rfcDefaults(SessionType sessionType, String initiatorName,
                                                Optional<String> targetName) {
        return new SessionParameters(sessionType, initiatorName, Optional.empty(), targetName, Optional.empty(),
                OptionalInt.empty(), 1, true, true, 262144, 65536, 2, 20, 1, true, true, 0, false);
    }

    /** FirstBurstLength matters only when unsolicited data is allowed (§13.14 "Irrelevant when"). */
    public boolean unsolicitedDataAllowed() {
        return !initialR2T || immediateData;
    }
}
