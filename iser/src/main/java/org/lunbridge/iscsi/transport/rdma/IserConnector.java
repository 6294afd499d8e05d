package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.TransportCaps;
import org.lunbridge.iscsi.transport.TransportConnector;
import org.lunbridge.iscsi.transport.TransportOptions;
import org.lunbridge.iscsi.transport.rdma.Verbs.CmEvent;

/**
 * Opens iSER connections: the kernel's {@code ep_connect} + {@code ep_poll} in one call bounded by
 * {@link TransportOptions#connectTimeoutMillis()}. Steps (libiscsi {@code lib/iser.c}): event channel, CM id,
 * resolve address (2000 ms), ADDR_RESOLVED, resolve route (1000 ms), ROUTE_RESOLVED, PD + completion channel +
 * CQ + RC QP, register and post RX descriptors, {@code rdma_connect} with the iSER CM private data, ESTABLISHED.
 *
 * <p>{@code ep_poll}'s three answers map to {@link ConnectResult}: connected ({@code Connected}), timed out
 * ({@code TimedOut}: no CM event before the deadline), terminating ({@code Refused} for REJECTED, the target
 * refusing the connection; {@code Unreachable} for ADDR_ERROR, ROUTE_ERROR, UNREACHABLE, CONNECT_ERROR,
 * DEVICE_REMOVAL, an unexpected event or a failed verb), each with an {@link RdmaCmException} or
 * {@link RdmaException} cause. Every failure tears down what was created.
 */
public final class IserConnector implements TransportConnector {
    private static final System.Logger LOG = System.getLogger(IserConnector.class.getPackageName());

    private final Supplier<Verbs> verbsFactory;
    private final IserOptions options;

    /** Real rdma-core ({@link JnrVerbs}); {@link UnsatisfiedLinkError} on connect if it is not installed. */
    public IserConnector(IserOptions options) {
        this(JnrVerbs::create, options);
    }

    /** With a {@link Verbs} per connection from {@code verbsFactory} (tests pass a fake). */
    IserConnector(Supplier<Verbs> verbsFactory, IserOptions options) {
        this.verbsFactory = Objects.requireNonNull(verbsFactory, "verbsFactory");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public TransportCaps caps() {
        return new TransportCaps("iser", false, false, options.targetRecvDataSegmentLength(),
                options.initiatorRecvDataSegmentLength(), true);
    }

    @Override
    public ConnectResult connect(InetSocketAddress portal, TransportOptions transportOptions)
            throws InterruptedException {
        if (portal.isUnresolved()) {
            return new ConnectResult.Unreachable(portal, new UnknownHostException(portal.getHostString()));
        }
        long timeoutMillis = transportOptions.connectTimeoutMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        IserEndpoint endpoint = new IserEndpoint(verbsFactory.get(), portal);
        boolean connected = false;
        try {
            endpoint.open(options.addressResolveTimeoutMillis());
            if (!expect(endpoint, RDMA_CM_EVENT_ADDR_RESOLVED, deadline, "resolving address")) {
                return timedOut(portal, timeoutMillis, "address resolution");
            }
            endpoint.resolveRoute(options.routeResolveTimeoutMillis());
            if (!expect(endpoint, RDMA_CM_EVENT_ROUTE_RESOLVED, deadline, "resolving route")) {
                return timedOut(portal, timeoutMillis, "route resolution");
            }
            // libiscsi: 2 send SGEs (headers + immediate data), 1 receive SGE.
            endpoint.createResources(new Verbs.QpCapacity(options.sendQueueDepth(), options.receiveDepth(), 2, 1));
            IserTransport transport = new IserTransport(endpoint, options);
            endpoint.connect(new Verbs.ConnectParameters(IserCodec.cmRequestPrivateData(true, true),
                    IserOptions.RESPONDER_RESOURCES, IserOptions.INITIATOR_DEPTH, IserOptions.RETRY_COUNT,
                    IserOptions.RNR_RETRY_COUNT));
            if (!expect(endpoint, RDMA_CM_EVENT_ESTABLISHED, deadline, "connecting")) {
                return timedOut(portal, timeoutMillis, "rdma_connect");
            }
            endpoint.established();
            transport.start();
            connected = true;
            LOG.log(Level.INFO, "iSER connection to {0} established", portal);
            return new ConnectResult.Connected(portal, transport);
        } catch (RdmaCmException e) {
            LOG.log(Level.DEBUG, "iSER connect to " + portal + ": " + e.getMessage());
            return e.event() == RDMA_CM_EVENT_REJECTED ? new ConnectResult.Refused(portal, e)
                    : new ConnectResult.Unreachable(portal, e);
        } catch (RdmaException e) {
            LOG.log(Level.DEBUG, "iSER connect to " + portal + ": " + e.getMessage());
            return new ConnectResult.Unreachable(portal, e);
        } finally {
            if (!connected) {
                endpoint.teardown();
            }
        }
    }

    /** True when {@code expected} arrived; false on timeout; a failure event or another event throws. */
    private static boolean expect(IserEndpoint endpoint, int expected, long deadline, String doing)
            throws RdmaException, InterruptedException {
        CmEvent event = endpoint.awaitCmEvent(deadline);
        if (event == null) {
            return false;
        }
        if (event.type() != expected) {
            throw new RdmaCmException(event.type(), event.status(), doing + " " + endpoint.portal() + " (expected: "
                    + nameOfCmEvent(expected) + ")");
        }
        return true;
    }

    private static ConnectResult timedOut(InetSocketAddress portal, long timeoutMillis, String step) {
        LOG.log(Level.DEBUG, "iSER connect to {0} timed out after {1} ms in {2}", portal, timeoutMillis, step);
        return new ConnectResult.TimedOut(portal, timeoutMillis);
    }
}
