package org.lunbridge.bridge.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lunbridge.bridge.export.IscsiBackends;
import org.lunbridge.iscsi.client.Discovery;
import org.lunbridge.iscsi.client.IscsiUrl;

/** {@code --portal}: SendTargets discovery, then REPORT LUNS per target; each disk LUN is one export. */
final class PortalExports {
    private static final System.Logger LOG = System.getLogger("org.lunbridge.bridge.cli");

    private PortalExports() {}

    /** Export name {@code IQN/LUN} to its URL (without secret: the backend factory adds the configured one). */
    static Map<String, String> discover(IscsiOptions options, String portalText) throws IOException {
        IscsiUrl portal = IscsiUrl.parse(portalText);
        if (portal.targetName().isPresent()) {
            throw new IllegalArgumentException("--portal " + portal + ": give host[:port] only; use --target");
        }
        IscsiBackends backends = options.backends();
        IscsiUrl withCredentials = backends.withCredentials(portal);
        Map<String, String> out = new LinkedHashMap<>();
        for (Discovery.TargetSummary t : new Discovery(backends.client()).describe(withCredentials)) {
            if (options.target != null && !options.target.equals(t.targetName())) {
                continue;
            }
            if (t.error().isPresent()) {
                throw new IOException("target " + t.targetName() + ": " + t.error().get());
            }
            for (Discovery.LunSummary lun : t.luns()) {
                if (lun.peripheralDeviceType() != 0) {
                    continue; // tgt's LUN 0 is a controller, not a disk
                }
                String url = portal.withTarget(t.targetName(), lun.lun()).toString();
                out.put(t.targetName() + "/" + lun.lun(), url);
                LOG.log(System.Logger.Level.INFO, "discovered {0}", url);
            }
        }
        if (options.target != null && out.isEmpty()) {
            throw new IOException("target " + options.target + " not found or has no disk LUNs");
        }
        return out;
    }
}
