package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lunbridge.nbd.protocol.BlockDescriptor;
import org.lunbridge.nbd.protocol.ReplyChunk;
import org.lunbridge.nbd.protocol.Request;
import org.lunbridge.nbd.spi.BlockDevice;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.Extent;
import org.lunbridge.nbd.spi.NbdError;

/**
 * Runs one validated request against the device and writes its reply; owns the fallbacks (nbdkit style) so the
 * device only does what it says it can: FUA by a following flush, write-zeroes by writing zero buffers, extents as
 * all data.
 */
final class CommandExecutor {
    /** Zero buffer for emulated write-zeroes; read-only, shared by all requests. */
    private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(1024 * 1024).asReadOnlyBuffer();
    /** "Servers SHOULD NOT send more than 2^20 extents in a single reply chunk". */
    static final int MAX_DESCRIPTORS = 1 << 20;

    private final Negotiated negotiated;
    private final BlockDevice device;
    private final ReplyWriter writer;
    private final DirectBufferPool buffers;

    CommandExecutor(Negotiated negotiated, ReplyWriter writer, DirectBufferPool buffers) {
        this.buffers = buffers;
        this.negotiated = negotiated;
        this.device = negotiated.export().device();
        this.writer = writer;
    }

    /** Executes and replies; a device failure is answered with its NBD error, a reply failure is thrown. */
    void execute(Request request, ByteBuffer payload) throws IOException {
        if (request.type() == NBD_CMD_READ) {
            read(request); // replies itself: a failure may come after some chunks
            return;
        }
        try {
            switch (request.type()) {
                case NBD_CMD_WRITE -> write(request, payload);
                case NBD_CMD_FLUSH -> device.flush();
                case NBD_CMD_TRIM -> trim(request);
                case NBD_CMD_CACHE -> cache(request);
                case NBD_CMD_WRITE_ZEROES -> writeZeroes(request);
                case NBD_CMD_BLOCK_STATUS -> {
                    blockStatus(request);
                    return;
                }
                default -> throw new IllegalStateException("unvalidated " + request);
            }
        } catch (IOException | RuntimeException e) {
            fail(request, e);
            return;
        }
        writer.ok(request);
    }

    private void fail(Request request, Throwable e) throws IOException {
        NbdError error = NbdErrors.of(e);
        ServerLog.LOG.log(error == NbdError.EIO ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "{0}: {1} failed: {2}", negotiated.stream().peer(), request, e.toString());
        writer.error(request, error, messageOf(e));
    }

    /** A message for the client's error chunk: the failure's own, or its type when it has none. */
    private static String messageOf(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private boolean fua(Request request) {
        return request.hasFlag(NBD_CMD_FLAG_FUA);
    }

    /** FUA fallback: "MUST NOT send its reply ... until persisted"; a flush after the write gives that. */
    private void flushIfFuaEmulated(Request request) throws IOException {
        if (fua(request) && !device.canFua()) {
            device.flush();
        }
    }

    private void write(Request request, ByteBuffer payload) throws IOException {
        if (payload.hasRemaining()) {
            device.write(request.offset(), payload, fua(request) && device.canFua());
        }
        flushIfFuaEmulated(request);
    }

    private void trim(Request request) throws IOException {
        if (request.length() > 0) {
            device.trim(request.offset(), request.length(), fua(request) && device.canFua());
        }
        flushIfFuaEmulated(request);
    }

    private void cache(Request request) throws IOException {
        // Not advertised unless canCache, but "client implementations exist which attempt to send a cache request
        // even when NBD_FLAG_SEND_CACHE was not set": succeed without doing anything.
        if (device.canCache() && request.length() > 0) {
            device.cache(request.offset(), request.length());
        }
    }

    private void writeZeroes(Request request) throws IOException {
        boolean fast = request.hasFlag(NBD_CMD_FLAG_FAST_ZERO);
        if (fast && !(device.canFastZero() && device.canWriteZeroes())) {
            // "MUST fail quickly with NBD_ENOTSUP unless the request can be serviced in less time than a write".
            throw new BlockDeviceException(NbdError.ENOTSUP, "fast zero is not supported by this export");
        }
        if (request.length() == 0) {
            return;
        }
        boolean mayTrim = !request.hasFlag(NBD_CMD_FLAG_NO_HOLE);
        if (device.canWriteZeroes()) {
            try {
                device.writeZeroes(request.offset(), request.length(), mayTrim, fua(request) && device.canFua());
                flushIfFuaEmulated(request);
                return;
            } catch (BlockDeviceException e) {
                // nbdkit: a plugin answering ENOTSUP makes the core fall back to writes, unless the client
                // asked for a fast zero.
                if (e.error() != NbdError.ENOTSUP || fast) {
                    throw e;
                }
            }
        }
        long offset = request.offset();
        long end = offset + request.length();
        // A device with native FUA but no flush gets FUA on every chunk: each chunk must be durable.
        boolean chunkFua = fua(request) && device.canFua() && !device.canFlush();
        while (offset < end) {
            int chunk = (int) Math.min(ZEROES.capacity(), end - offset);
            device.write(offset, ZEROES.duplicate().limit(chunk), chunkFua);
            offset += chunk;
        }
        if (fua(request) && !chunkFua) {
            device.flush();
        }
    }

    /** Allocation of [offset, offset+length) as the device reports it, or all data when it cannot. */
    private List<Extent> extents(long offset, long length) throws IOException {
        if (!device.canExtents()) {
            return List.of(new Extent(length, 0));
        }
        List<Extent> out = new ArrayList<>();
        long at = offset;
        long end = offset + length;
        while (at < end && out.size() < MAX_DESCRIPTORS) {
            List<Extent> got = device.extents(at, end - at);
            if (got.isEmpty()) {
                throw new BlockDeviceException(NbdError.EIO, "device reported no extents at " + at);
            }
            for (Extent e : got) {
                long len = Math.min(e.lengthBytes(), end - at);
                if (len <= 0 || out.size() >= MAX_DESCRIPTORS) {
                    break;
                }
                out.add(new Extent(len, e.flags()));
                at += len;
            }
        }
        return out;
    }

    private void blockStatus(Request request) throws IOException {
        long offset = request.offset();
        // A compact BLOCK_STATUS descriptor holds 32 bits of length; the request length already fits.
        List<Extent> extents;
        try {
            extents = extents(offset, request.length());
        } catch (IOException | RuntimeException e) {
            fail(request, e);
            return;
        }
        if (request.hasFlag(NBD_CMD_FLAG_REQ_ONE)) {
            extents = extents.subList(0, 1);
        }
        List<BlockDescriptor> descriptors = new ArrayList<>(extents.size());
        for (Extent e : extents) {
            descriptors.add(new BlockDescriptor(e.lengthBytes(), e.flags()));
        }
        writer.chunk(request, new ReplyChunk.BlockStatus(negotiated.extendedHeaders(),
                negotiated.baseAllocationContextId(), descriptors), true);
    }

    private void read(Request request) throws IOException {
        if (request.length() == 0) {
            // "the behavior of a server on such a request is unspecified although the server SHOULD NOT
            // disconnect": succeed with no data.
            writer.readData(request, ByteBuffer.allocate(0));
            return;
        }
        boolean sparse = writer.structured() && device.canExtents() && device.extentsAreCheap()
                && !request.hasFlag(NBD_CMD_FLAG_DF)
                && request.length() > 0;
        if (sparse) {
            readSparse(request);
            return;
        }
        ByteBuffer data = buffers.acquire((int) request.length());
        try {
            try {
                device.read(request.offset(), data);
                if (data.hasRemaining()) {
                    throw new BlockDeviceException(NbdError.EIO, "short read: " + data.remaining()
                            + " bytes missing");
                }
            } catch (IOException | RuntimeException e) {
                fail(request, e);
                return;
            }
            writer.readData(request, data.flip());
        } finally {
            buffers.release(data);
        }
    }

    /**
     * A structured READ with holes sent as NBD_REPLY_TYPE_OFFSET_HOLE chunks; a failure after the first chunk is
     * an NBD_REPLY_TYPE_ERROR_OFFSET at the failing extent (proto.md "Structured replies" for NBD_CMD_READ).
     */
    private void readSparse(Request request) throws IOException {
        List<Extent> extents;
        try {
            extents = extents(request.offset(), request.length());
        } catch (IOException | RuntimeException e) {
            fail(request, e);
            return;
        }
        long at = request.offset();
        for (Extent extent : extents) {
            if ((extent.flags() & Extent.ZERO) != 0) {
                writer.chunk(request, new ReplyChunk.OffsetHole(at, (int) extent.lengthBytes()), false);
            } else {
                ByteBuffer data = buffers.acquire((int) extent.lengthBytes());
                try {
                    try {
                        device.read(at, data);
                        if (data.hasRemaining()) {
                            throw new BlockDeviceException(NbdError.EIO, "short read at " + at);
                        }
                    } catch (IOException | RuntimeException e) {
                        NbdError error = NbdErrors.of(e);
                        writer.chunk(request, new ReplyChunk.ErrorOffset(error.code(), messageOf(e),
                                at), true);
                        return;
                    }
                    writer.chunk(request, new ReplyChunk.OffsetData(at, data.flip()), false);
                } finally {
                    buffers.release(data);
                }
            }
            at += extent.lengthBytes();
        }
        if (at < request.offset() + request.length()) {
            // The device stopped short (descriptor cap): read the rest as data.
            ByteBuffer data = ByteBuffer.allocate((int) (request.offset() + request.length() - at));
            try {
                device.read(at, data);
            } catch (IOException | RuntimeException e) {
                writer.chunk(request, new ReplyChunk.ErrorOffset(NbdErrors.of(e).code(),
                        messageOf(e), at), true);
                return;
            }
            writer.chunk(request, new ReplyChunk.OffsetData(at, data.flip()), false);
        }
        writer.chunk(request, new ReplyChunk.None(), true);
    }
}
