package org.lunbridge.bridge.metrics;

import java.util.Map;
import org.lunbridge.bridge.export.LunBlockDevice;
import org.lunbridge.bridge.pool.LunSessionPath;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.bridge.pool.SessionPool;
import org.lunbridge.bridge.recovery.RecoveringExecutor;
import org.lunbridge.nbd.spi.BlockDevice;

/**
 * The text {@code lunbridge stats} prints: per export, the export counters, the recovery counters, and per
 * session slot its recovery state, queue and the session's own counters. One {@code key value} per line, with
 * an {@code export NAME} line opening each section, so scripts can grep it.
 */
public final class StatsReport {

    private StatsReport() {}

    public static String of(Map<String, ? extends BlockDevice> devicesByName) {
        StringBuilder b = new StringBuilder();
        devicesByName.forEach((name, device) -> {
            b.append("export ").append(name).append('\n');
            if (!(device instanceof LunBlockDevice lun)) {
                b.append("  (no iSCSI counters)\n");
                return;
            }
            b.append("  ").append(lun.stats()).append('\n');
            RecoveringExecutor r = lun.recovery();
            b.append(r.stats().format("  recovery."));
            SessionPool pool = lun.pool();
            for (int s = 0; s < pool.sessions(); s++) {
                ScsiPath p = pool.path(s);
                String prefix = "  slot." + s + ".";
                b.append(prefix).append("state ").append(r.slotState(s)).append('\n');
                b.append(prefix).append("in_flight ").append(pool.inFlight(s)).append('\n');
                b.append(prefix).append("dispatched ").append(pool.dispatched(s)).append('\n');
                b.append(prefix).append("queue_depth ").append(pool.queueDepth(s)).append('\n');
                if (p instanceof LunSessionPath l) {
                    b.append(prefix).append("session ").append(l.stats()).append('\n');
                    l.connectionStats().ifPresent(c -> b.append(prefix).append("connection ").append(c)
                            .append('\n'));
                }
            }
        });
        return b.toString();
    }
}
