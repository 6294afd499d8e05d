package org.lunbridge.iscsi.login;

import java.util.ArrayList;
import java.util.List;

/**
 * SendTargets (RFC 7143 §13.3, Appendix C): the request key and the parser of the answer. The answer is a
 * sequence of {@code TargetName=} keys, each followed by zero or more {@code TargetAddress=} keys (and possibly
 * TargetAlias). A target without addresses is reachable through the portal that answered.
 */
public final class SendTargets {

    private SendTargets() {
    }

    /** The Text Request key asking for every target we may access ({@code SendTargets=All}). */
    public static List<KeyValue> requestAll() {
        return List.of(KeyValue.of(TextKeys.SEND_TARGETS, TextKeys.SEND_TARGETS_ALL));
    }

    /** Parses the reassembled text of a SendTargets answer. */
    public static List<DiscoveredTarget> parse(byte[] text) throws TextFormatException {
        return parse(KeyValueCodec.decode(text));
    }

    /** Parses the decoded pairs of a SendTargets answer, keeping target and portal order. */
    public static List<DiscoveredTarget> parse(List<KeyValue> pairs) throws TextFormatException {
        List<DiscoveredTarget> out = new ArrayList<>();
        String name = null;
        List<TargetAddress> portals = new ArrayList<>();
        for (KeyValue kv : pairs) {
            switch (kv.key()) {
                case TextKeys.TARGET_NAME -> {
                    if (name != null) {
                        out.add(new DiscoveredTarget(name, portals));
                    }
                    if (kv.value().isEmpty()) {
                        throw new TextFormatException("SendTargets: empty TargetName");
                    }
                    name = kv.value();
                    portals = new ArrayList<>();
                }
                case TextKeys.TARGET_ADDRESS -> {
                    if (name == null) {
                        throw new TextFormatException("SendTargets: TargetAddress " + kv.value()
                                + " before any TargetName");
                    }
                    portals.add(TargetAddress.parse(kv.value()));
                }
                default -> {
                    // TargetAlias and vendor keys carry nothing we route on.
                }
            }
        }
        if (name != null) {
            out.add(new DiscoveredTarget(name, portals));
        }
        return List.copyOf(out);
    }
}
