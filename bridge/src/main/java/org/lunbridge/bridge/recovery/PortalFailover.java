package org.lunbridge.bridge.recovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.lunbridge.bridge.pool.LunSessionPath;
import org.lunbridge.bridge.pool.PathFactory;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.iscsi.client.ClientConfig;
import org.lunbridge.iscsi.client.Discovery;
import org.lunbridge.iscsi.client.IscsiUrl;
import org.lunbridge.iscsi.login.DiscoveredTarget;
import org.lunbridge.iscsi.login.TargetAddress;

/**
 * Opens a slot's session at the first portal of the target that answers: the one that worked last, then the
 * others in order. The portals are the URL's plus those SendTargets reports for the target (RFC 7143 Appendix C),
 * so a reconnect survives one portal (interface, path) going away. The slot, hence the ISID, is the same at every
 * portal: logging in elsewhere still reinstates the session (§6.3.5: the session is named by ISID and target).
 */
public final class PortalFailover implements PathFactory {

    /** Opens one slot at one portal. */
    @FunctionalInterface
    public interface Opener {
        ScsiPath open(IscsiUrl url, int slot) throws IOException;
    }

    private final List<IscsiUrl> portals;
    private final Opener opener;
    /** Index of the portal that last worked; tried first. */
    private volatile int preferred;

    public PortalFailover(List<IscsiUrl> portals, Opener opener) {
        if (portals.isEmpty()) {
            throw new IllegalArgumentException("portals: empty");
        }
        this.portals = List.copyOf(portals);
        this.opener = opener;
    }

    /** {@code url} plus the target's portals from SendTargets at {@code url} (if discovery fails: just the URL). */
    public static PortalFailover discover(IscsiUrl url, ClientConfig config) {
        List<IscsiUrl> portals = portalsOf(url, config);
        RecoveringExecutor.LOG.log(System.Logger.Level.INFO, "{0}: portals for reconnecting: {1}", url,
                portals.stream().map(u -> u.host() + ":" + u.port()).toList());
        return new PortalFailover(portals, (u, slot) -> LunSessionPath.open(u, config, slot));
    }

    static List<IscsiUrl> portalsOf(IscsiUrl url, ClientConfig config) {
        List<IscsiUrl> out = new ArrayList<>(List.of(url));
        try {
            for (DiscoveredTarget t : new Discovery(config).targets(url)) {
                if (!t.targetName().equals(url.targetName().orElse(null))) {
                    continue;
                }
                for (TargetAddress a : t.portals()) {
                    boolean known = out.stream().anyMatch(u -> u.host().equalsIgnoreCase(a.host())
                            && u.port() == a.port());
                    if (!known) {
                        out.add(url.withPortal(a.host(), a.port()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            RecoveringExecutor.LOG.log(System.Logger.Level.INFO, "{0}: SendTargets failed ({1}); reconnecting to "
                    + "this portal only", url, e.getMessage());
        }
        return out;
    }

    public List<IscsiUrl> portals() {
        return portals;
    }

    @Override
    public ScsiPath open(int slot) throws IOException {
        int n = portals.size();
        int start = preferred;
        IOException first = null;
        for (int i = 0; i < n; i++) {
            int index = (start + i) % n;
            try {
                ScsiPath path = opener.open(portals.get(index), slot);
                if (index != start) {
                    RecoveringExecutor.LOG.log(System.Logger.Level.WARNING, "slot {0}: portal {1} failed ({2}); "
                            + "logged in at {3}", slot, portals.get(start), first == null ? "" : first.getMessage(),
                            portals.get(index));
                    preferred = index;
                }
                return path;
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }
}
