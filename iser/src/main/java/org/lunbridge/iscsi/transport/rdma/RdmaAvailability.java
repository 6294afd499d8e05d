package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.lunbridge.iscsi.transport.rdma.Verbs.CmEvent;

/**
 * Decides {@code --transport auto}: iSER if rdma-core loads, an RDMA device exists and the RDMA CM resolves the
 * portal's address to one (so it is reachable over RDMA), otherwise TCP, always with a reason for the log.
 */
public final class RdmaAvailability {
    /** The chosen transport and why. */
    public record Decision(String transport, String reason) {
        public Decision {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(reason, "reason");
        }

        public boolean iser() {
            return transport.equals("iser");
        }
    }

    private RdmaAvailability() {}

    /** With the real rdma-core. */
    public static Decision check(InetSocketAddress portal, int resolveTimeoutMillis) {
        Verbs verbs;
        try {
            verbs = JnrVerbs.create();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return tcp("rdma-core not loadable (" + RdmaLibraries.LIBIBVERBS + ", " + RdmaLibraries.LIBRDMACM + "): "
                    + e.getMessage());
        }
        return check(() -> verbs, portal, resolveTimeoutMillis);
    }

    static Decision check(Supplier<Verbs> verbsFactory, InetSocketAddress portal, int resolveTimeoutMillis) {
        if (portal.isUnresolved()) {
            return tcp("portal " + portal.getHostString() + " is not resolved");
        }
        Verbs verbs = verbsFactory.get();
        int devices = verbs.deviceCount();
        if (devices == 0) {
            return tcp("no RDMA device (ibv_get_device_list returned 0 devices)");
        }
        long channel = 0;
        long id = 0;
        try {
            channel = verbs.createEventChannel();
            id = verbs.createId(channel);
            verbs.resolveAddr(id, portal, resolveTimeoutMillis);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(resolveTimeoutMillis + 500L);
            int fd = verbs.eventChannelFd(channel);
            while (true) {
                CmEvent event = verbs.getCmEvent(channel);
                if (event != null) {
                    return event.type() == RDMA_CM_EVENT_ADDR_RESOLVED
                            ? new Decision("iser", devices + " RDMA device(s); rdma_resolve_addr(" + portal
                                    + ") succeeded")
                            : tcp("rdma_resolve_addr(" + portal + "): " + event);
                }
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return tcp("rdma_resolve_addr(" + portal + ") timed out after " + resolveTimeoutMillis + " ms");
                }
                verbs.awaitReadable(fd, Math.min(remaining, IserEndpoint.WAIT_SLICE_MILLIS));
            }
        } catch (RdmaException e) {
            return tcp(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return tcp("interrupted while resolving " + portal);
        } finally {
            if (id != 0) {
                try {
                    verbs.destroyId(id);
                } catch (RdmaException e) {
                    // nothing else to release; the reason already says why RDMA was not chosen
                }
            }
            if (channel != 0) {
                verbs.destroyEventChannel(channel);
            }
        }
    }

    private static Decision tcp(String reason) {
        return new Decision("tcp", reason);
    }
}
