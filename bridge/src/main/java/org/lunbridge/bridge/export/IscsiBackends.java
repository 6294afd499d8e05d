package org.lunbridge.bridge.export;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.lunbridge.bridge.pool.PathFactory;
import org.lunbridge.bridge.pool.SlotAllocator;
import org.lunbridge.bridge.pool.SessionPool;
import org.lunbridge.bridge.recovery.PortalFailover;
import org.lunbridge.bridge.recovery.RecoveryConfig;
import org.lunbridge.iscsi.client.ClientConfig;
import org.lunbridge.iscsi.client.IscsiUrl;
import org.lunbridge.iscsi.login.ChapCredentials;
import org.lunbridge.nbd.backend.BackendRegistry;
import org.lunbridge.nbd.backend.BackendSpec;
import org.lunbridge.nbd.backend.InvalidBackendSpecException;
import org.lunbridge.nbd.spi.BlockDevice;

/**
 * The {@code iscsi:} (and, once the RDMA transport lands, {@code iser:}) backend factory: a URL
 * {@code iscsi://host[:port]/IQN/LUN} becomes a {@link LunBlockDevice} over a pool of {@code sessions} sessions,
 * each with its own ISID slot (distinct across all exports of one target: {@link SlotAllocator}).
 */
public final class IscsiBackends {

    public static final int DEFAULT_SESSIONS = 2;
    public static final int DEFAULT_QUEUE_DEPTH = 64;

    private final ClientConfig client;
    private final Optional<String> chapUser;
    private final Optional<byte[]> chapSecret;
    private final int sessions;
    private final int queueDepth;
    private final SlotAllocator slots;
    private RecoveryConfig recovery = RecoveryConfig.defaults();

    /**
     * @param client initiator name, digests, mutual CHAP credentials
     * @param chapUser one-way CHAP user for URLs that name none
     * @param chapSecret its secret (from a file, never the command line)
     * @param sessions sessions per LUN, 1..64
     * @param queueDepth commands per session, 1..1024
     */
    public IscsiBackends(ClientConfig client, Optional<String> chapUser, Optional<byte[]> chapSecret,
                         int sessions, int queueDepth) {
        this(client, chapUser, chapSecret, sessions, queueDepth, new SlotAllocator());
    }

    private IscsiBackends(ClientConfig client, Optional<String> chapUser, Optional<byte[]> chapSecret,
                          int sessions, int queueDepth, SlotAllocator slots) {
        Objects.requireNonNull(client, "client");
        if (sessions < 1 || sessions > 64) {
            throw new IllegalArgumentException("sessions: " + sessions + " (expected: 1..64)");
        }
        if (queueDepth < 1 || queueDepth > 1024) {
            throw new IllegalArgumentException("queueDepth: " + queueDepth + " (expected: 1..1024)");
        }
        // The session's own queue (commands waiting for the CmdSN window) is bounded by the same depth.
        this.client = client.withSession(client.session().withMaxQueuedCommands(queueDepth));
        this.chapUser = Objects.requireNonNull(chapUser, "chapUser");
        this.chapSecret = Objects.requireNonNull(chapSecret, "chapSecret");
        this.sessions = sessions;
        this.queueDepth = queueDepth;
        this.slots = slots;
    }

    public ClientConfig client() {
        return client;
    }

    public int sessions() {
        return sessions;
    }

    public int queueDepth() {
        return queueDepth;
    }

    public static IscsiBackends defaults() {
        return new IscsiBackends(ClientConfig.defaults(), Optional.empty(), Optional.empty(), DEFAULT_SESSIONS,
                DEFAULT_QUEUE_DEPTH);
    }

    /** Registers {@code iscsi} and {@code iser} in {@code registry}. */
    public BackendRegistry registerIn(BackendRegistry registry) {
        return registry.register("iscsi", this::open).register("iser", this::open);
    }

    /** {@code url} with the configured CHAP user and secret unless it names its own. */
    public IscsiUrl withCredentials(IscsiUrl url) {
        if (url.user().isEmpty() && chapUser.isPresent()) {
            url = url.withUser(chapUser.get());
        }
        if (url.user().isPresent() && url.secret().isEmpty() && chapSecret.isPresent()) {
            url = url.withSecret(chapSecret.get());
        }
        return url;
    }

    /** The backend URL {@code text} with the configured credentials. */
    public IscsiUrl urlOf(String text) {
        IscsiUrl url;
        try {
            url = IscsiUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidBackendSpecException("backend '" + redact(text) + "': " + e.getMessage());
        }
        if (url.targetName().isEmpty() || url.lun().isEmpty()) {
            throw new InvalidBackendSpecException("backend '" + url + "': expected iscsi://host[:port]/IQN/LUN");
        }
        return withCredentials(url);
    }

    BlockDevice open(BackendSpec spec, boolean readOnly) throws IOException {
        return open(urlOf(spec.text()), readOnly);
    }

    /** Opens the pool and probes the LUN. */
    public LunBlockDevice open(IscsiUrl url, boolean readOnly) throws IOException {
        if (url.scheme() == IscsiUrl.Scheme.ISER) {
            throw new IOException(url + ": iSER (RDMA) is not available in this build; use iscsi://");
        }
        String targetKey = url.host() + ":" + url.port() + "/" + url.targetName().orElse("");
        int firstSlot = slots.take(targetKey, sessions);
        // Reconnects try every portal of the target (SendTargets), the URL's first.
        PathFactory factory = PortalFailover.discover(url, clientFor(recovery));
        SessionPool pool = SessionPool.open(slot -> factory.open(firstSlot + slot), sessions, queueDepth);
        try {
            return LunBlockDevice.open(pool, readOnly, recovery);
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw new IOException(url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The client config for sessions under {@code policy}: the session's own TMF timeout (which drops the
     * connection) must outlast the recovery layer's ABORT TASK and LUN RESET timers, so that the escalation runs in
     * the documented order instead of the session cutting it short.
     */
    static ClientConfig clientFor(ClientConfig client, RecoveryConfig policy) {
        long escalationMillis = Math.max(policy.abortTimeoutMillis(), policy.lunResetTimeoutMillis()) + 5_000;
        long tmfTimeoutMillis = Math.max(client.session().tmfTimeoutMillis(), escalationMillis);
        return client.withSession(client.session().withTmfTimeoutMillis(tmfTimeoutMillis));
    }

    private ClientConfig clientFor(RecoveryConfig policy) {
        return clientFor(client, policy);
    }

    /** The recovery policy for exports opened from now on (timeouts, replacement timeout, back-off). */
    public IscsiBackends withRecovery(RecoveryConfig config) {
        this.recovery = Objects.requireNonNull(config, "config");
        return this;
    }

    public RecoveryConfig recovery() {
        return recovery;
    }

    /** Mutual CHAP: the credentials the target must prove. */
    public IscsiBackends withMutualChap(String user, byte[] secret) {
        return new IscsiBackends(client.withTargetChap(new ChapCredentials(user, secret)), chapUser, chapSecret,
                sessions, queueDepth, slots).withRecovery(recovery);
    }

    private static String redact(String url) {
        return url.replaceAll("(//[^/@%]*)%[^/@]*@", "$1%***@");
    }
}
