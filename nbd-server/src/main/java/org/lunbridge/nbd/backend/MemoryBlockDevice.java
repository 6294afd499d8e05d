package org.lunbridge.nbd.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.lunbridge.nbd.spi.BlockDevice;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.Extent;
import org.lunbridge.nbd.spi.NbdError;

/**
 * A sparse RAM disk: {@value #PAGE_BYTES}-byte pages allocated on first write, the way nbdkit's
 * {@code plugins/memory} uses a sparse array. Unallocated pages read as zeroes and report {@code HOLE|ZERO}.
 *
 * <p>Trim and write-zeroes free every page the range covers whole and zero the partial ends, so both are fast and
 * return memory. With {@code NBD_CMD_FLAG_NO_HOLE} write-zeroes instead keeps (allocates) the pages and zeroes them:
 * proto.md, NBD_CMD_WRITE_ZEROES, "the server MUST ensure that the zeroed area is not deallocated".
 *
 * <p>Thread safety: the page map is concurrent and every copy into or out of a page holds that page's monitor, so a
 * reader sees each completed write whole (the JMM gives no such guarantee for unsynchronized array access across
 * connections). Overlapping concurrent requests have no defined order in NBD; non-overlapping ones never interfere.
 * All connections share one store, so {@link #canMultiConn()} is true; nothing is volatile-vs-durable, so flush and
 * FUA are honest no-ops.
 */
public final class MemoryBlockDevice implements BlockDevice {
    /** Allocation unit: large enough to keep the map small, small enough that sparse files stay sparse. */
    public static final int PAGE_BYTES = 64 * 1024;

    private static final int PAGE_SHIFT = Integer.numberOfTrailingZeros(PAGE_BYTES);
    /** Source of zeroes for holes; never written. */
    private static final byte[] ZERO_PAGE = new byte[PAGE_BYTES];

    private final long sizeBytes;
    private final boolean readOnly;
    private final String description;
    /** Page index (offset / PAGE_BYTES) to its bytes; absent means all zeroes. */
    private final ConcurrentHashMap<Long, byte[]> pages = new ConcurrentHashMap<>();
    private final AtomicLong allocatedPages = new AtomicLong();

    public MemoryBlockDevice(long sizeBytes) {
        this(sizeBytes, false, "memory");
    }

    public MemoryBlockDevice(long sizeBytes, boolean readOnly, String description) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes: " + sizeBytes + " (expected: >= 0)");
        }
        this.sizeBytes = sizeBytes;
        this.readOnly = readOnly;
        this.description = description;
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public boolean canFlush() {
        return true;
    }

    @Override
    public boolean canFua() {
        return true;
    }

    @Override
    public boolean canTrim() {
        return true;
    }

    @Override
    public boolean canWriteZeroes() {
        return true;
    }

    @Override
    public boolean canFastZero() {
        return true;
    }

    @Override
    public boolean canCache() {
        return true;
    }

    @Override
    public boolean canExtents() {
        return true;
    }

    /** A lookup in the page map: cheap enough to send holes in every structured READ. */
    @Override
    public boolean extentsAreCheap() {
        return true;
    }

    @Override
    public boolean canMultiConn() {
        return true;
    }

    /** Requests are memory copies. */
    @Override
    public boolean isLowLatency() {
        return true;
    }

    /** Bytes of RAM the allocated pages hold (for tests and metrics). */
    public long allocatedBytes() {
        return allocatedPages.get() * PAGE_BYTES;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkRange(offset, dst.remaining());
        long position = offset;
        while (dst.hasRemaining()) {
            int inPage = (int) (position & (PAGE_BYTES - 1));
            int chunk = Math.min(dst.remaining(), PAGE_BYTES - inPage);
            byte[] page = pages.get(position >>> PAGE_SHIFT);
            if (page == null) {
                putZeroes(dst, chunk);
            } else {
                synchronized (page) {
                    dst.put(page, inPage, chunk);
                }
            }
            position += chunk;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        checkWritable();
        checkRange(offset, src.remaining());
        long position = offset;
        while (src.hasRemaining()) {
            int inPage = (int) (position & (PAGE_BYTES - 1));
            int chunk = Math.min(src.remaining(), PAGE_BYTES - inPage);
            byte[] page = allocate(position >>> PAGE_SHIFT);
            synchronized (page) {
                src.get(page, inPage, chunk);
            }
            position += chunk;
        }
    }

    @Override
    public void flush() {
        // RAM is as durable as this device gets: nothing is buffered between a write and the page.
    }

    @Override
    public void trim(long offset, long lengthBytes, boolean fua) throws IOException {
        checkWritable();
        checkRange(offset, lengthBytes);
        zeroRange(offset, lengthBytes, true);
    }

    @Override
    public void writeZeroes(long offset, long lengthBytes, boolean mayTrim, boolean fua) throws IOException {
        checkWritable();
        checkRange(offset, lengthBytes);
        zeroRange(offset, lengthBytes, mayTrim);
    }

    @Override
    public void cache(long offset, long lengthBytes) throws IOException {
        checkRange(offset, lengthBytes);
        // Already in RAM: there is nothing to prefetch.
    }

    @Override
    public List<Extent> extents(long offset, long lengthBytes) throws IOException {
        checkRange(offset, lengthBytes);
        if (offset == sizeBytes) {
            throw new BlockDeviceException(NbdError.EINVAL, "extents at the end of the device");
        }
        long end = Math.min(sizeBytes, offset + Math.max(lengthBytes, 1));
        List<Extent> extents = new ArrayList<>();
        long runStart = offset;
        boolean runAllocated = pages.containsKey(offset >>> PAGE_SHIFT);
        long position = offset;
        while (position < end) {
            long pageEnd = Math.min(sizeBytes, ((position >>> PAGE_SHIFT) + 1) << PAGE_SHIFT);
            boolean allocated = pages.containsKey(position >>> PAGE_SHIFT);
            if (allocated != runAllocated) {
                extents.add(extentOf(position - runStart, runAllocated));
                runStart = position;
                runAllocated = allocated;
            }
            position = pageEnd;
        }
        if (position > runStart) {
            extents.add(extentOf(position - runStart, runAllocated));
        }
        return extents;
    }

    private static Extent extentOf(long lengthBytes, boolean allocated) {
        return new Extent(lengthBytes, allocated ? 0 : Extent.HOLE | Extent.ZERO);
    }

    /** Zeroes [offset, offset+length): whole pages are freed when {@code mayFree}, otherwise kept and cleared. */
    private void zeroRange(long offset, long lengthBytes, boolean mayFree) throws IOException {
        long position = offset;
        long end = offset + lengthBytes;
        while (position < end) {
            long index = position >>> PAGE_SHIFT;
            int inPage = (int) (position & (PAGE_BYTES - 1));
            int chunk = (int) Math.min(end - position, PAGE_BYTES - inPage);
            if (chunk == PAGE_BYTES && mayFree) {
                if (pages.remove(index) != null) {
                    allocatedPages.decrementAndGet();
                }
            } else {
                byte[] page = mayFree ? pages.get(index) : allocate(index);
                if (page != null) {
                    synchronized (page) {
                        Arrays.fill(page, inPage, inPage + chunk, (byte) 0);
                    }
                }
            }
            position += chunk;
        }
    }

    private byte[] allocate(long index) throws IOException {
        byte[] page = pages.get(index);
        if (page != null) {
            return page;
        }
        byte[] fresh;
        try {
            fresh = new byte[PAGE_BYTES];
        } catch (OutOfMemoryError e) {
            throw new BlockDeviceException(NbdError.ENOSPC, "memory device: out of heap allocating a page", e);
        }
        byte[] raced = pages.putIfAbsent(index, fresh);
        if (raced != null) {
            return raced;
        }
        allocatedPages.incrementAndGet();
        return fresh;
    }

    private static void putZeroes(ByteBuffer dst, int count) {
        dst.put(ZERO_PAGE, 0, count);
    }

    private void checkWritable() throws BlockDeviceException {
        if (readOnly) {
            throw new BlockDeviceException(NbdError.EPERM, "memory device is read-only");
        }
    }

    /** The server validates ranges first; this guards direct callers (tests, other layers) all the same. */
    private void checkRange(long offset, long lengthBytes) throws BlockDeviceException {
        if (offset < 0 || lengthBytes < 0 || offset > sizeBytes - lengthBytes) {
            throw new BlockDeviceException(NbdError.EINVAL, "range " + offset + "+" + lengthBytes
                    + " outside device of " + sizeBytes + " bytes");
        }
    }
}
