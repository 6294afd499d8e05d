package org.lunbridge.nbd.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lunbridge.nbd.spi.BlockDevice;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.BlockSizes;
import org.lunbridge.nbd.spi.Extent;
import org.lunbridge.nbd.spi.NbdError;

/**
 * In-memory fake device for server tests: capabilities chosen per test, allocation tracked per 4 KiB page (so
 * extents are real), a gate that blocks operations, concurrency and call counters, injected failures.
 */
final class TestDevice implements BlockDevice {
    static final int PAGE = 4096;

    /** Capabilities; all false by default. */
    static final class Caps {
        boolean readOnly, flush, fua, trim, writeZeroes, fastZero, cache, extents, rotational, multiConn, lowLatency;
        /** Extents cheap enough for sparse READ replies; defaults to {@code extents} when not set. */
        Boolean extentsCheap;
        BlockSizes blockSizes = BlockSizes.DEFAULT;

        static Caps all() {
            Caps c = new Caps();
            c.flush = c.fua = c.trim = c.writeZeroes = c.fastZero = c.cache = c.extents = c.multiConn = true;
            return c;
        }
    }

    private final byte[] data;
    private final boolean[] allocated;
    private final Caps caps;
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    final AtomicInteger fuaWrites = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger writeZeroesCalls = new AtomicInteger();
    final AtomicInteger entered = new AtomicInteger();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Operations at these offsets block until {@link #release} counts them down. */
    final Set<Long> gatedOffsets = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    /** Operations at this offset fail with this error. */
    volatile long failOffset = -1;
    volatile NbdError failError = NbdError.EIO;
    /** Simulated device latency per operation (0: none), so that concurrency becomes observable. */
    volatile long latencyNanos;

    TestDevice(int sizeBytes, Caps caps) {
        this.data = new byte[sizeBytes];
        this.allocated = new boolean[(sizeBytes + PAGE - 1) / PAGE];
        this.caps = caps;
    }

    /** Makes operations on gated offsets (all operations if {@code offsets} is empty) block until release(). */
    void closeGate(Long... offsets) {
        gatedOffsets.clear();
        gatedOffsets.addAll(List.of(offsets));
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    byte[] snapshot(int offset, int length) {
        synchronized (data) {
            return java.util.Arrays.copyOfRange(data, offset, offset + length);
        }
    }

    void fill(int offset, byte[] bytes) {
        synchronized (data) {
            System.arraycopy(bytes, 0, data, offset, bytes.length);
            markAllocated(offset, bytes.length, true);
        }
    }

    private void enter(String call, long offset) throws IOException {
        calls.add(call + "@" + offset);
        entered.incrementAndGet();
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        if (latencyNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(latencyNanos);
        }
        try {
            if (gatedOffsets.isEmpty() || gatedOffsets.contains(offset)) {
                if (!gate.await(20, TimeUnit.SECONDS)) {
                    throw new IOException("test gate never opened");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (offset == failOffset) {
            active.decrementAndGet();
            throw new BlockDeviceException(failError, "injected failure at " + offset);
        }
    }

    private void exit() {
        active.decrementAndGet();
    }

    private void markAllocated(long offset, long length, boolean value) {
        for (long page = offset / PAGE; page * PAGE < offset + length; page++) {
            // Only whole pages become holes; any touched page becomes allocated.
            boolean whole = page * PAGE >= offset && (page + 1) * PAGE <= offset + length;
            if (value || whole) {
                allocated[(int) page] = value;
            }
        }
    }

    @Override public long sizeBytes() { return data.length; }
    @Override public BlockSizes blockSizes() { return caps.blockSizes; }
    @Override public String description() { return "test device"; }
    @Override public boolean isReadOnly() { return caps.readOnly; }
    @Override public boolean canFlush() { return caps.flush; }
    @Override public boolean canFua() { return caps.fua; }
    @Override public boolean canTrim() { return caps.trim; }
    @Override public boolean canWriteZeroes() { return caps.writeZeroes; }
    @Override public boolean canFastZero() { return caps.fastZero; }
    @Override public boolean canCache() { return caps.cache; }
    @Override public boolean canExtents() { return caps.extents; }
    @Override public boolean extentsAreCheap() { return caps.extentsCheap == null ? caps.extents : caps.extentsCheap; }
    @Override public boolean isRotational() { return caps.rotational; }
    @Override public boolean canMultiConn() { return caps.multiConn; }
    @Override public boolean isLowLatency() { return caps.lowLatency; }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        enter("read", offset);
        try {
            synchronized (data) {
                dst.put(data, (int) offset, dst.remaining());
            }
        } finally {
            exit();
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        enter("write", offset);
        try {
            writes.incrementAndGet();
            if (fua) {
                fuaWrites.incrementAndGet();
            }
            synchronized (data) {
                int length = src.remaining();
                src.get(data, (int) offset, length);
                markAllocated(offset, length, true);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void flush() throws IOException {
        enter("flush", 0);
        flushes.incrementAndGet();
        exit();
    }

    @Override
    public void trim(long offset, long lengthBytes, boolean fua) throws IOException {
        enter("trim", offset);
        try {
            synchronized (data) {
                java.util.Arrays.fill(data, (int) offset, (int) (offset + lengthBytes), (byte) 0);
                markAllocated(offset, lengthBytes, false);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void writeZeroes(long offset, long lengthBytes, boolean mayTrim, boolean fua) throws IOException {
        enter("zero", offset);
        try {
            writeZeroesCalls.incrementAndGet();
            synchronized (data) {
                java.util.Arrays.fill(data, (int) offset, (int) (offset + lengthBytes), (byte) 0);
                markAllocated(offset, lengthBytes, !mayTrim);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void cache(long offset, long lengthBytes) throws IOException {
        enter("cache", offset);
        exit();
    }

    @Override
    public List<Extent> extents(long offset, long lengthBytes) throws IOException {
        enter("extents", offset);
        try {
            List<Extent> out = new ArrayList<>();
            long at = offset;
            long end = Math.min(data.length, offset + lengthBytes);
            synchronized (data) {
                while (at < end) {
                    boolean alloc = allocated[(int) (at / PAGE)];
                    long runEnd = Math.min(data.length, (at / PAGE + 1) * PAGE);
                    while (runEnd < data.length && allocated[(int) (runEnd / PAGE)] == alloc && runEnd < end) {
                        runEnd = Math.min(data.length, runEnd + PAGE);
                    }
                    out.add(new Extent(runEnd - at, alloc ? 0 : Extent.HOLE | Extent.ZERO));
                    at = runEnd;
                }
            }
            return out;
        } finally {
            exit();
        }
    }
}
