package org.lunbridge.iscsi.login;

import java.util.List;
import java.util.Objects;

/** One target from a SendTargets response (RFC 7143 §13.3, Appendix C): its name and portals, in order. */
public record DiscoveredTarget(String targetName, List<TargetAddress> portals) {

    public DiscoveredTarget {
        Objects.requireNonNull(targetName, "targetName");
        portals = List.copyOf(portals);
    }
}
