package org.lunbridge.nbd.backend;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.lunbridge.nbd.spi.BlockDevice;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.NbdError;

/**
 * A regular file as a block device, the counterpart of nbdkit's {@code plugins/file}.
 *
 * <p>All I/O is positional ({@code pread}/{@code pwrite} through {@link FileChannel#read(ByteBuffer, long)}), so
 * concurrent requests from any number of connections never share a file position. One channel serves every
 * connection and the kernel page cache is coherent across it, hence {@link #canMultiConn()}.
 *
 * <p>Durability: {@link #flush()} is {@code force(false)}, i.e. {@code fdatasync(2)}: it writes file data and the
 * metadata needed to read it back; the size never changes (writes stay inside the file), so no more is needed. FUA is
 * a write followed by the same {@code fdatasync}.
 *
 * <p>Not native here: trim ({@code fallocate(PUNCH_HOLE)}), write-zeroes ({@code ZERO_RANGE}) and extents
 * ({@code lseek(SEEK_DATA/SEEK_HOLE)}) need system calls the JDK does not expose and the project's Java 21 level has no
 * final FFM API for. So this device answers {@code false} to those capabilities: the server then writes zeroes and
 * reports all data, as nbdkit's file plugin does on platforms without them.
 *
 * <p>The size is the file's size at open time ({@code sizeBytes()} is asked on every request). Only regular files are
 * accepted: a block device node reports size 0 through {@link FileChannel#size()}.
 */
public final class FileBlockDevice implements BlockDevice {
    private final Path path;
    private final FileChannel channel;
    private final long sizeBytes;
    private final boolean readOnly;

    private FileBlockDevice(Path path, FileChannel channel, long sizeBytes, boolean readOnly) {
        this.path = path;
        this.channel = channel;
        this.sizeBytes = sizeBytes;
        this.readOnly = readOnly;
    }

    /**
     * Opens an existing regular file, read-write unless {@code readOnly}.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws AccessDeniedException if it cannot be opened as asked
     * @throws IOException if it is not a regular file, or another error occurs
     */
    public static FileBlockDevice open(Path path, boolean readOnly) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new IOException("file '" + path + "': not a regular file");
        }
        Set<OpenOption> options = readOnly
                ? Set.of(StandardOpenOption.READ)
                : Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel channel = FileChannel.open(path, options);
        try {
            return new FileBlockDevice(path, channel, channel.size(), readOnly);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public String description() {
        return path.toString();
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public boolean canFlush() {
        return !readOnly;
    }

    @Override
    public boolean canFua() {
        return !readOnly;
    }

    @Override
    public boolean canMultiConn() {
        return true;
    }

    /**
     * Reads and writes usually complete in the page cache, faster than a thread hop. A cold read from disk or a FUA
     * write then delays the connection's next request; clients wanting overlap use more connections (multi-conn).
     */
    @Override
    public boolean isLowLatency() {
        return true;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkRange(offset, dst.remaining());
        long position = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                // The file shrank under us: the bytes the client asked for no longer exist.
                throw new EOFException("file '" + path + "': end of file at " + position
                        + " (was " + sizeBytes + " bytes at open)");
            }
            position += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        if (readOnly) {
            throw new BlockDeviceException(NbdError.EPERM, "file '" + path + "' is open read-only");
        }
        checkRange(offset, src.remaining());
        long position = offset;
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
        if (fua) {
            channel.force(false);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The server validates ranges first; this keeps writes from growing the file whoever calls. */
    private void checkRange(long offset, long lengthBytes) throws BlockDeviceException {
        if (offset < 0 || lengthBytes < 0 || offset > sizeBytes - lengthBytes) {
            throw new BlockDeviceException(NbdError.EINVAL, "range " + offset + "+" + lengthBytes
                    + " outside file '" + path + "' of " + sizeBytes + " bytes");
        }
    }
}
