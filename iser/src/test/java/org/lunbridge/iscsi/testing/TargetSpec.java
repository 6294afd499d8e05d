package org.lunbridge.iscsi.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one tgtd target should look like: its IQN, LUNs, ACL, CHAP accounts and login keys. Filled by the
 * callback of {@link TgtdTarget.Builder#target}; the harness replays it with tgtadm at start and after
 * {@link TgtdTarget#restart()}.
 */
public final class TargetSpec {
    /** A CHAP account: incoming (the target checks the initiator) or outgoing (mutual CHAP, RFC 7143 §12.1.3). */
    public record ChapAccount(String user, String secret, boolean outgoing) {
        public ChapAccount {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(secret, "secret");
            // tgtd does not check it, but RFC 7143 §12.1.3 wants >= 12 bytes of secret for CHAP.
            if (secret.length() < 12) {
                throw new IllegalArgumentException("secret length: " + secret.length() + " (expected: >= 12)");
            }
        }

        @Override
        public String toString() {
            return "ChapAccount[user=" + user + ", outgoing=" + outgoing + "]";
        }
    }

    private final String iqn;
    private final Map<Integer, LunSpec> luns = new LinkedHashMap<>();
    private final List<String> initiatorNames = new ArrayList<>();
    private final List<String> initiatorAddresses = new ArrayList<>();
    private final List<ChapAccount> accounts = new ArrayList<>();
    private final Map<String, String> params = new LinkedHashMap<>();

    TargetSpec(String iqn) {
        this.iqn = Objects.requireNonNull(iqn, "iqn");
    }

    public String iqn() {
        return iqn;
    }

    public TargetSpec lun(LunSpec lun) {
        if (luns.putIfAbsent(lun.lun(), lun) != null) {
            throw new IllegalArgumentException("LUN " + lun.lun() + " defined twice on " + iqn);
        }
        return this;
    }

    /** A writable LUN with 512-byte blocks. */
    public TargetSpec lun(int lun, long sizeBytes) {
        return lun(LunSpec.of(lun, sizeBytes));
    }

    /** ACL by initiator name ({@code --initiator-name}); {@code "ALL"} is not a name, use {@link #allowAll()}. */
    public TargetSpec allowInitiatorName(String name) {
        initiatorNames.add(Objects.requireNonNull(name));
        return this;
    }

    /** ACL by address ({@code -I ALL} or an IP). Without any ACL tgtd refuses every login. */
    public TargetSpec allowAddress(String address) {
        initiatorAddresses.add(Objects.requireNonNull(address));
        return this;
    }

    public TargetSpec allowAll() {
        return allowAddress("ALL");
    }

    /** One-way CHAP: the initiator must authenticate as {@code user}. */
    public TargetSpec incomingUser(String user, String secret) {
        accounts.add(new ChapAccount(user, secret, false));
        return this;
    }

    /** Mutual CHAP: the target authenticates to the initiator as {@code user} (tgtd allows one). */
    public TargetSpec outgoingUser(String user, String secret) {
        accounts.add(new ChapAccount(user, secret, true));
        return this;
    }

    /**
     * A target login key via {@code --op update --name K --value V}, e.g. {@code HeaderDigest=CRC32C,None},
     * {@code ImmediateData=No}, {@code MaxRecvDataSegmentLength=65536}.
     */
    public TargetSpec param(String name, String value) {
        params.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return this;
    }

    public TargetSpec headerDigest(String value) {
        return param("HeaderDigest", value);
    }

    public TargetSpec dataDigest(String value) {
        return param("DataDigest", value);
    }

    public List<LunSpec> luns() {
        return List.copyOf(luns.values());
    }

    public List<String> initiatorNames() {
        return List.copyOf(initiatorNames);
    }

    public List<String> initiatorAddresses() {
        return List.copyOf(initiatorAddresses);
    }

    public List<ChapAccount> accounts() {
        return List.copyOf(accounts);
    }

    public Map<String, String> params() {
        return Map.copyOf(params);
    }
}
