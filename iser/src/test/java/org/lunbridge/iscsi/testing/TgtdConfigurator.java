package org.lunbridge.iscsi.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Replays {@link TargetSpec}s into a running tgtd through tgtadm (at start and after a restart). */
final class TgtdConfigurator {
    /** {@code tgtadm -C <ours> --lld iscsi ARGS}, throwing on a non-zero exit. */
    @FunctionalInterface
    interface Tgtadm {
        String run(String... args) throws IOException;
    }

    private final Tgtadm tgtadm;
    private final BiFunction<String, Integer, Path> backingFiles;

    TgtdConfigurator(Tgtadm tgtadm, BiFunction<String, Integer, Path> backingFiles) {
        this.tgtadm = tgtadm;
        this.backingFiles = backingFiles;
    }

    /** Creates targets 1..n in order, with their LUNs, ACLs, accounts and login keys. */
    void apply(List<TargetSpec> targets) throws IOException {
        Map<String, String> createdAccounts = new LinkedHashMap<>();
        for (TargetSpec target : targets) {
            String tid = Integer.toString(targets.indexOf(target) + 1);
            tgtadm("--op", "new", "--mode", "target", "--tid", tid, "--targetname", target.iqn());
            for (LunSpec lun : target.luns()) {
                String lunNumber = Integer.toString(lun.lun());
                tgtadm("--op", "new", "--mode", "logicalunit", "--tid", tid, "--lun", lunNumber,
                        "--backing-store", backingFiles.apply(target.iqn(), lun.lun()).toString(), "--bstype", "rdwr",
                        "--blocksize", Integer.toString(lun.blockSize()));
                // tgt 1.0.85 rejects --params on "new"; LU parameters only take effect through "update".
                if (lun.readonly() || lun.thinProvisioning()) {
                    tgtadm("--op", "update", "--mode", "logicalunit", "--tid", tid, "--lun", lunNumber,
                            "--params", "readonly=" + (lun.readonly() ? 1 : 0)
                                    + ",thin_provisioning=" + (lun.thinProvisioning() ? 1 : 0));
                }
            }
            for (String address : target.initiatorAddresses()) {
                tgtadm("--op", "bind", "--mode", "target", "--tid", tid, "--initiator-address", address);
            }
            for (String name : target.initiatorNames()) {
                tgtadm("--op", "bind", "--mode", "target", "--tid", tid, "--initiator-name", name);
            }
            for (TargetSpec.ChapAccount account : target.accounts()) {
                // Accounts are global in tgtd and bound per target.
                String known = createdAccounts.putIfAbsent(account.user(), account.secret());
                if (known == null) {
                    tgtadm("--op", "new", "--mode", "account", "--user", account.user(), "--password",
                            account.secret());
                } else if (!known.equals(account.secret())) {
                    throw new IllegalArgumentException("CHAP user " + account.user() + " with two secrets");
                }
                List<String> bind = new ArrayList<>(List.of("--op", "bind", "--mode", "account", "--tid", tid,
                        "--user", account.user()));
                if (account.outgoing()) {
                    bind.add("--outgoing");
                }
                tgtadm(bind.toArray(String[]::new));
            }
            for (Map.Entry<String, String> param : target.params().entrySet()) {
                tgtadm("--op", "update", "--mode", "target", "--tid", tid, "--name", param.getKey(), "--value",
                        param.getValue());
            }
        }
    }

    private void tgtadm(String... args) throws IOException {
        tgtadm.run(args);
    }
}
