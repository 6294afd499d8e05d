package org.lunbridge.bridge.recovery;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.SenseData;
import org.lunbridge.iscsi.session.ConnectionLostException;
import org.lunbridge.iscsi.session.ScsiOutcome;
import org.lunbridge.iscsi.session.TaskAbortedException;

/**
 * A session the test answers by hand: data commands stay outstanding until {@link #answer}; INQUIRY VPD 83h is
 * answered at once with the LUN's identity. TMFs are recorded with futures the test completes. {@link #execute}
 * runs WRITE(16) against the shared {@link Disk} only when answered GOOD, like a target executing it.
 */
final class ScriptedPath implements ScsiPath {

    /** One block per LBA, 8 bytes each: enough to tell writes apart. */
    static final class Disk {
        final long[] blocks = new long[64];
        final List<String> log = new ArrayList<>();
        /** Text of the NAA designator the LUN reports. */
        volatile byte naaLastByte = 0x42;
    }

    /** A command sent on this session. */
    static final class Sent {
        final Cdb cdb;
        final ByteBuffer data;
        final CompletableFuture<ScsiOutcome> future = new CompletableFuture<>();

        Sent(Cdb cdb, ByteBuffer data) {
            this.cdb = cdb;
            this.data = data;
        }
    }

    final Disk disk;
    final int slot;
    final List<Sent> sent = new ArrayList<>();
    final List<CompletableFuture<Integer>> aborts = new ArrayList<>();
    final List<CompletableFuture<Integer>> resets = new ArrayList<>();
    volatile boolean healthy = true;
    volatile boolean dropped;

    ScriptedPath(Disk disk, int slot) {
        this.disk = disk;
        this.slot = slot;
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public synchronized CompletableFuture<ScsiOutcome> execute(Cdb cdb, ByteBuffer data) {
        if (!healthy) {
            return CompletableFuture.failedFuture(new ConnectionLostException(
                    ConnectionLostException.Reason.CLOSED, "session down", null));
        }
        if (cdb.opcode() == 0x12) {
            int n = Math.min(data.remaining(), 16);
            data.put(data.position(), vpd83(disk.naaLastByte), 0, n);
            return CompletableFuture.completedFuture(new ScsiOutcome.Good(data.remaining() - n, true, false));
        }
        Sent s = new Sent(cdb, data);
        sent.add(s);
        return s.future;
    }

    /** VPD 83h with one NAA 5 logical-unit designator ending in {@code last}. */
    static byte[] vpd83(byte last) {
        byte[] p = new byte[16];
        p[1] = (byte) 0x83;
        p[3] = 12;
        p[4] = 0x01;        // binary
        p[5] = 0x03;        // LU association, NAA
        p[7] = 8;
        p[8] = 0x50;
        p[15] = last;
        return p;
    }

    /** The target executes command {@code i} and answers {@code outcome}. */
    void answer(int i, ScsiOutcome outcome) {
        Sent s;
        synchronized (this) {
            s = sent.get(i);
        }
        if (outcome instanceof ScsiOutcome.Good && s.cdb.opcode() == 0x8A) {
            long lba = ByteBuffer.wrap(s.cdb.bytes()).getLong(2);
            synchronized (disk) {
                disk.blocks[(int) lba] = s.data.duplicate().getLong();
                disk.log.add("slot " + slot + " wrote " + Long.toHexString(disk.blocks[(int) lba]) + " at " + lba);
            }
        }
        s.future.complete(outcome);
    }

    void answerGood(int i) {
        answer(i, new ScsiOutcome.Good(0, false, false));
    }

    /** The target's TMF ended command {@code i}: the session fails it with TaskAbortedException. */
    void aborted(int i) {
        sent.get(i).future.completeExceptionally(new TaskAbortedException(1, "aborted"));
    }

    /** The connection dies: every outstanding command and TMF fails with ConnectionLostException. */
    void loseConnection() {
        healthy = false;
        ConnectionLostException lost = new ConnectionLostException(ConnectionLostException.Reason.TRANSPORT_ERROR,
                "connection reset", null);
        List<CompletableFuture<?>> all = new ArrayList<>();
        synchronized (this) {
            sent.forEach(s -> all.add(s.future));
            all.addAll(aborts);
            all.addAll(resets);
        }
        all.forEach(f -> f.completeExceptionally(lost));
    }

    static ScsiOutcome checkCondition(int key, int asc, int ascq) {
        return new ScsiOutcome.CheckCondition(Optional.of(SenseData.of(key, asc, ascq)), 0, false, false);
    }

    @Override
    public synchronized CompletableFuture<Integer> abortTask(CompletableFuture<ScsiOutcome> command) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        aborts.add(f);
        return f;
    }

    @Override
    public synchronized CompletableFuture<Integer> logicalUnitReset() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        resets.add(f);
        return f;
    }

    @Override
    public void drop(String reason) {
        dropped = true;
        loseConnection();
    }

    @Override
    public boolean isHealthy() {
        return healthy;
    }

    @Override
    public String describe() {
        return "scripted slot " + slot;
    }

    @Override
    public void close() {
        healthy = false;
    }
}
