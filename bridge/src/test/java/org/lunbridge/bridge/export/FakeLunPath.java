package org.lunbridge.bridge.export;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.SenseData;
import org.lunbridge.iscsi.session.ScsiOutcome;

/**
 * A ScsiPath over an in-memory LUN shared by all fake paths of one test: READ(16), WRITE(16), SYNCHRONIZE CACHE,
 * UNMAP, WRITE SAME(16), GET LBA STATUS (all mapped) and PRE-FETCH. Scripted outcomes replace the next commands'
 * results; with {@link #holdWrites} writes stay outstanding until {@link #releaseHeld()}.
 */
final class FakeLunPath implements ScsiPath {

    /** The LUN all paths of a test share, plus the command log in arrival order. */
    static final class Lun {
        final byte[] disk;
        final int blockLength;
        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        Lun(int blocks, int blockLength) {
            this.disk = new byte[blocks * blockLength];
            this.blockLength = blockLength;
        }
    }

    private final Lun lun;
    private final int slot;
    final Queue<ScsiOutcome> scripted = new ArrayDeque<>();
    private final List<Runnable> held = new ArrayList<>();
    volatile boolean holdWrites;
    volatile boolean healthy = true;

    FakeLunPath(Lun lun, int slot) {
        this.lun = lun;
        this.slot = slot;
    }

    static ScsiOutcome good() {
        return new ScsiOutcome.Good(0, false, false);
    }

    static ScsiOutcome checkCondition(int key, int asc, int ascq) {
        return new ScsiOutcome.CheckCondition(Optional.of(SenseData.of(key, asc, ascq)), 0, false, false);
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public synchronized CompletableFuture<ScsiOutcome> execute(Cdb cdb, ByteBuffer data) {
        byte[] b = cdb.bytes();
        ScsiOutcome script = scripted.poll();
        if (script != null) {
            lun.log.add(slot + ":scripted " + cdb.description());
            return CompletableFuture.completedFuture(script);
        }
        CompletableFuture<ScsiOutcome> f = new CompletableFuture<>();
        Runnable run = () -> f.complete(apply(cdb, b, data));
        if (holdWrites && (cdb.opcode() == 0x8A || cdb.opcode() == 0x93 || cdb.opcode() == 0x42)) {
            held.add(run);
        } else {
            run.run();
        }
        return f;
    }

    synchronized void releaseHeld() {
        holdWrites = false;
        held.forEach(Runnable::run);
        held.clear();
    }

    synchronized int heldCount() {
        return held.size();
    }

    private ScsiOutcome apply(Cdb cdb, byte[] b, ByteBuffer data) {
        int bl = lun.blockLength;
        ByteBuffer cdbBuf = ByteBuffer.wrap(b);
        String entry = slot + ":" + cdb.description();
        switch (cdb.opcode()) {
            case 0x88 -> { // READ(16)
                long lba = cdbBuf.getLong(2);
                int blocks = cdbBuf.getInt(10);
                if ((lba + blocks) * bl > lun.disk.length) {
                    lun.log.add(entry);
                    return checkCondition(0x5, 0x21, 0);
                }
                data.duplicate().put(lun.disk, (int) lba * bl, blocks * bl);
            }
            case 0x8A -> { // WRITE(16)
                long lba = cdbBuf.getLong(2);
                int blocks = cdbBuf.getInt(10);
                data.duplicate().get(lun.disk, (int) lba * bl, blocks * bl);
            }
            case 0x93 -> { // WRITE SAME(16)
                long lba = cdbBuf.getLong(2);
                int blocks = cdbBuf.getInt(10);
                byte[] block = new byte[bl];
                data.duplicate().get(block);
                for (int i = 0; i < blocks; i++) {
                    System.arraycopy(block, 0, lun.disk, (int) (lba + i) * bl, bl);
                }
            }
            case 0x42 -> { // UNMAP: zeroes, like an LBPRZ LUN
                ByteBuffer p = data.duplicate();
                int descriptors = (p.getShort(p.position() + 2) & 0xFFFF) / 16;
                for (int i = 0; i < descriptors; i++) {
                    long lba = p.getLong(p.position() + 8 + 16 * i);
                    int blocks = p.getInt(p.position() + 16 + 16 * i);
                    java.util.Arrays.fill(lun.disk, (int) lba * bl, (int) (lba + blocks) * bl, (byte) 0);
                }
            }
            default -> { }
        }
        lun.log.add(entry);
        return good();
    }

    @Override
    public boolean isHealthy() {
        return healthy;
    }

    @Override
    public String describe() {
        return "fake slot " + slot;
    }

    @Override
    public void close() {
        healthy = false;
    }
}
