package org.lunbridge.nbd.spi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A block device the NBD server exports: the SPI that file, memory and iSCSI backends implement.
 *
 * <p>Modelled on nbdkit's plugin table: capability queries ({@code can*}) decide which transmission flags the server
 * advertises and which operations it falls back on (e.g. write-zeroes by writing zeroes when
 * {@link #canWriteZeroes()} is false). The server validates ranges and flags before calling; a backend may assume
 * {@code 0 <= offset}, {@code offset + length <= sizeBytes()} and alignment to {@link BlockSizes#minimumBytes()}.
 *
 * <p>Threading: every method may be called concurrently from many (virtual) threads and may block until its I/O is
 * done. An operation returns only when it is complete; for writes with {@code fua}, when the data is durable.
 *
 * <p>Errors: throw {@link BlockDeviceException} to choose the NBD error; any other {@link IOException} means EIO.
 */
public interface BlockDevice extends Closeable {

    /** Export size in bytes; may change between connections (e.g. a LUN resized), never during a request. */
    long sizeBytes();

    /** Block-size constraints advertised with NBD_INFO_BLOCK_SIZE. */
    default BlockSizes blockSizes() {
        return BlockSizes.DEFAULT;
    }

    /** Human-readable description for NBD_INFO_DESCRIPTION, or "" for none. */
    default String description() {
        return "";
    }

    /** True if writes, trims and write-zeroes must be refused (NBD_FLAG_READ_ONLY, EPERM). */
    boolean isReadOnly();

    /** True if {@link #flush()} does something (NBD_FLAG_SEND_FLUSH). */
    default boolean canFlush() {
        return false;
    }

    /** True if {@code fua} is honoured natively; otherwise the server follows the write with {@link #flush()}. */
    default boolean canFua() {
        return false;
    }

    /** True if {@link #trim} is supported (NBD_FLAG_SEND_TRIM). */
    default boolean canTrim() {
        return false;
    }

    /** True if {@link #writeZeroes} is supported natively; otherwise the server writes zero buffers. */
    default boolean canWriteZeroes() {
        return false;
    }

    /** True if {@link #writeZeroes} is fast (no data written): NBD_FLAG_SEND_FAST_ZERO. */
    default boolean canFastZero() {
        return false;
    }

    /** True if {@link #cache} does something (NBD_FLAG_SEND_CACHE). */
    default boolean canCache() {
        return false;
    }

    /** True if {@link #extents} reports real allocation; otherwise the server reports all data. */
    default boolean canExtents() {
        return false;
    }

    /**
     * True if {@link #extents} is cheap enough to ask on every structured READ, so that holes are sent as
     * NBD_REPLY_TYPE_OFFSET_HOLE instead of zeroes (an in-memory map: yes; a remote GET LBA STATUS round trip: no).
     * Only consulted when {@link #canExtents()}.
     */
    default boolean extentsAreCheap() {
        return false;
    }

    /**
     * True if a request usually completes in microseconds without waiting on a network or a disk queue (memory, a
     * file in the page cache). The server then runs requests on the connection's reading thread, one after the other,
     * instead of handing each to a thread of its own: that hop costs more CPU than such a request. A device whose
     * requests wait (a remote LUN) answers false, the default, so that its requests overlap.
     */
    default boolean isLowLatency() {
        return false;
    }

    /** True if seeks are expensive (NBD_FLAG_ROTATIONAL). */
    default boolean isRotational() {
        return false;
    }

    /**
     * True if all connections see one consistent device, so a flush on one covers writes acknowledged on any other
     * (NBD_FLAG_CAN_MULTI_CONN).
     */
    default boolean canMultiConn() {
        return false;
    }

    /** Reads {@code dst.remaining()} bytes starting at {@code offset} into {@code dst}, advancing its position. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes {@code src.remaining()} bytes at {@code offset}; durable on return when {@code fua}. */
    void write(long offset, ByteBuffer src, boolean fua) throws IOException;

    /** Makes every write completed before this call durable. */
    default void flush() throws IOException {}

    /** Discards a range; later reads may return anything until written. */
    default void trim(long offset, long lengthBytes, boolean fua) throws IOException {
        throw new BlockDeviceException(NbdError.ENOTSUP, "trim is not supported");
    }

    /**
     * Makes a range read as zeroes. {@code mayTrim}: the range may be deallocated (NBD_CMD_FLAG_NO_HOLE absent).
     * Only called when {@link #canWriteZeroes()}.
     */
    default void writeZeroes(long offset, long lengthBytes, boolean mayTrim, boolean fua) throws IOException {
        throw new BlockDeviceException(NbdError.ENOTSUP, "write-zeroes is not supported");
    }

    /** Advises the device to prefetch a range. */
    default void cache(long offset, long lengthBytes) throws IOException {}

    /**
     * Allocation state from {@code offset} on: at least one extent, starting exactly at {@code offset}, covering at
     * most up to the end of the device; the extents may cover less or more than {@code lengthBytes} (the server trims).
     * Only called when {@link #canExtents()}.
     */
    default List<Extent> extents(long offset, long lengthBytes) throws IOException {
        return List.of(new Extent(Math.min(lengthBytes, sizeBytes() - offset), 0));
    }

    @Override
    default void close() throws IOException {}
}
