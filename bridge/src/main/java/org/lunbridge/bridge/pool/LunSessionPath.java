package org.lunbridge.bridge.pool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.lunbridge.iscsi.client.ClientConfig;
import org.lunbridge.iscsi.client.IscsiUrl;
import org.lunbridge.iscsi.client.LunSession;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.session.ConnectionState;
import org.lunbridge.iscsi.session.ScsiOutcome;
import org.lunbridge.iscsi.session.SessionStats;

/** The adapter from the session package's {@link LunSession} to {@link ScsiPath}. */
public final class LunSessionPath implements ScsiPath {

    private final LunSession session;
    private final int slot;
    private final String description;

    LunSessionPath(LunSession session, int slot, String description) {
        this.session = session;
        this.slot = slot;
        this.description = description;
    }

    /**
     * Logs in to {@code url}'s target with the ISID of {@code slot}. CHAP (one-way or mutual, with the MD5 retry
     * for tgt's CHAP_A=7 quirk) is the client package's job.
     */
    public static LunSessionPath open(IscsiUrl url, ClientConfig config, int slot) throws IOException {
        LunSession session = LunSession.open(url, config, slot);
        return new LunSessionPath(session, slot, "slot " + slot + " to " + url);
    }

    /** A {@link PathFactory} for {@code url}. */
    public static PathFactory factory(IscsiUrl url, ClientConfig config) {
        return slot -> open(url, config, slot);
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public CompletableFuture<ScsiOutcome> execute(Cdb cdb, ByteBuffer data) {
        return session.execute(cdb, data);
    }

    @Override
    public boolean isHealthy() {
        return session.session().state() == ConnectionState.UP;
    }

    @Override
    public CompletableFuture<Integer> abortTask(CompletableFuture<ScsiOutcome> command) {
        return session.abortTask(command);
    }

    @Override
    public CompletableFuture<Integer> logicalUnitReset() {
        return session.logicalUnitReset();
    }

    @Override
    public void drop(String reason) {
        session.session().abandon(reason);
    }

    @Override
    public int defaultTime2WaitSeconds() {
        return session.session().loginResult().session().defaultTime2Wait();
    }

    public SessionStats.Snapshot stats() {
        return session.stats();
    }

    /** The transport's wire counters (octets, PDUs, digest errors), when it keeps them. */
    public java.util.Optional<org.lunbridge.iscsi.transport.ConnectionStats.Snapshot> connectionStats() {
        return session.connectionStats();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        session.close();
    }
}
