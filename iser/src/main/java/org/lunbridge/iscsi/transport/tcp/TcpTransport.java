package org.lunbridge.iscsi.transport.tcp;

import static org.lunbridge.iscsi.pdu.IscsiConstants.BHS_LENGTH;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.lunbridge.iscsi.pdu.Digests;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.PduFraming;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.lunbridge.iscsi.transport.ConnectionStats;
import org.lunbridge.iscsi.transport.Transport;
import org.lunbridge.iscsi.transport.TransportCaps;
import org.lunbridge.iscsi.transport.TransportOptions;

/**
 * iSCSI over one TCP connection (RFC 7143 §4.1), blocking {@link SocketChannel}: senders gather-write whole PDUs
 * under {@link #writeLock}; the single reader frames with {@link TcpPduReader}. Do not interrupt a thread blocked
 * in {@link #send} or {@link #receive}: NIO closes an interrupted channel, which ends the connection.
 */
public final class TcpTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(TcpTransport.class.getPackageName());

    /** Digests in software (CRC32C), any 24-bit segment length, no RDMA. */
    static final TransportCaps CAPS = new TransportCaps("tcp", true, true, TransportCaps.MAX_DATA_SEGMENT_LENGTH,
            TransportCaps.MAX_DATA_SEGMENT_LENGTH, false);

    /** §11.1: up to 3 zero pad bytes; a read-only source sliced per PDU. */
    private static final ByteBuffer ZERO_PAD = ByteBuffer.allocate(3).asReadOnlyBuffer();

    private final SocketChannel channel;
    private final InetSocketAddress remoteAddress;
    private final ConnectionStats stats = new ConnectionStats();
    private final TcpPduReader reader;
    /** Serializes senders: one PDU is on the wire whole before the next starts (§11.1). */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guards the single-reader rule. */
    private final AtomicBoolean receiving = new AtomicBoolean();
    /** The first failure; set once, never cleared. */
    private final AtomicReference<ConnectionLostException> failure = new AtomicReference<>();
    private final CompletableFuture<ConnectionLostException> lost = new CompletableFuture<>();
    private volatile boolean headerDigest;
    private volatile boolean dataDigest;
    private volatile int maxSendDataSegmentLength = TransportOptions.LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;

    TcpTransport(SocketChannel channel, InetSocketAddress remoteAddress, TransportOptions options) {
        if (!channel.isBlocking() || !channel.isConnected()) {
            throw new IllegalArgumentException("channel must be connected and blocking: " + channel);
        }
        this.channel = channel;
        this.remoteAddress = remoteAddress;
        this.reader = new TcpPduReader(channel, stats, options.dataBufferAllocator());
    }

    @Override
    public TransportCaps caps() {
        return CAPS;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void send(EncodedPdu pdu) throws ConnectionLostException {
        ByteBuffer header = pdu.header().duplicate();
        ByteBuffer data = pdu.data().duplicate();
        checkOutgoing(header, data);
        int opcode = PduFraming.opcode(header);
        int headerLength = header.remaining();
        throwIfFailed();
        // Digests are computed before taking the lock so senders contend only for the socket.
        int dataLength = data.remaining();
        boolean withHeaderDigest = headerDigest;
        boolean withDataDigest = dataDigest && dataLength > 0;
        ByteBuffer[] parts = new ByteBuffer[5];
        int count = 0;
        parts[count++] = header;
        if (withHeaderDigest) {
            parts[count++] = Digests.toWire(Digests.headerDigest(header));
        }
        if (dataLength > 0) {
            parts[count++] = data;
            int pad = PduFraming.padding(dataLength);
            if (pad > 0) {
                parts[count++] = ZERO_PAD.duplicate().limit(pad);
            }
            if (withDataDigest) {
                parts[count++] = Digests.toWire(Digests.dataDigest(data));
            }
        }
        long wireBytes = 0;
        for (int i = 0; i < count; i++) {
            wireBytes += parts[i].remaining();
        }
        writeLock.lock();
        try {
            throwIfFailed();
            long written = 0;
            while (written < wireBytes) {
                written += channel.write(parts, 0, count);
            }
        } catch (IOException e) {
            throw fail(translate(e, "sending " + IscsiConstants.nameOfOpcode(opcode)));
        } finally {
            writeLock.unlock();
        }
        stats.pduSent(opcode, wireBytes);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "sent {0}: header {1} data {2} bytes", IscsiConstants.nameOfOpcode(opcode),
                    headerLength, dataLength);
        }
        if (LOG.isLoggable(Level.TRACE)) {
            // Header only: data segments may carry CHAP responses or user data.
            LOG.log(Level.TRACE, "sent header " + hex(pdu.header()));
        }
    }

    @Override
    public TargetPdu receive() throws ConnectionLostException {
        if (!receiving.compareAndSet(false, true)) {
            throw new IllegalStateException("receive() called by two threads at once; a transport has one reader");
        }
        try {
            throwIfFailed();
            TargetPdu pdu = reader.read(headerDigest, dataDigest);
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "received {0}: data {1} bytes", IscsiConstants.nameOfOpcode(pdu.opcode()),
                        pdu.data().remaining());
            }
            if (LOG.isLoggable(Level.TRACE)) {
                LOG.log(Level.TRACE, "received header " + hex(PduEncoder.encodeHeader(pdu)));
            }
            return pdu;
        } catch (ConnectionLostException e) {
            throw fail(e);
        } catch (IOException e) {
            throw fail(translate(e, "receiving"));
        } finally {
            receiving.set(false);
        }
    }

    @Override
    public void enableDigests(boolean headerDigest, boolean dataDigest) {
        if ((headerDigest && !CAPS.headerDigest()) || (dataDigest && !CAPS.dataDigest())) {
            throw new IllegalArgumentException("digest not supported by " + CAPS);
        }
        this.headerDigest = headerDigest;
        this.dataDigest = dataDigest;
    }

    @Override
    public boolean headerDigest() {
        return headerDigest;
    }

    @Override
    public boolean dataDigest() {
        return dataDigest;
    }

    @Override
    public int maxRecvDataSegmentLength() {
        return reader.maxRecvDataSegmentLength();
    }

    @Override
    public void setMaxRecvDataSegmentLength(int lengthBytes) {
        checkSegmentLimit("MaxRecvDataSegmentLength", lengthBytes, TransportCaps.MIN_RECV_DATA_SEGMENT_LENGTH,
                CAPS.maxRecvDataSegmentLengthBytes());
        reader.setMaxRecvDataSegmentLength(lengthBytes);
    }

    @Override
    public int maxSendDataSegmentLength() {
        return maxSendDataSegmentLength;
    }

    @Override
    public void setMaxSendDataSegmentLength(int lengthBytes) {
        checkSegmentLimit("MaxSendDataSegmentLength", lengthBytes, TransportCaps.MIN_RECV_DATA_SEGMENT_LENGTH,
                CAPS.maxSendDataSegmentLengthBytes());
        maxSendDataSegmentLength = lengthBytes;
    }

    @Override
    public ConnectionStats stats() {
        return stats;
    }

    @Override
    public CompletionStage<ConnectionLostException> lost() {
        return lost.minimalCompletionStage();
    }

    @Override
    public boolean isOpen() {
        return failure.get() == null;
    }

    @Override
    public void fail(Reason reason, String message) {
        fail(new ConnectionLostException(reason, message));
    }

    @Override
    public void close() {
        fail(new ConnectionLostException(Reason.CLOSED, "close() on connection to " + remoteAddress));
    }

    @Override
    public String toString() {
        return "TcpTransport[" + remoteAddress + (isOpen() ? "" : ", lost: " + failure.get().getMessage()) + "]";
    }

    /** Records the first failure, closes the socket (waking a blocked reader and writers), returns the first. */
    private ConnectionLostException fail(ConnectionLostException candidate) {
        if (failure.compareAndSet(null, candidate)) {
            try {
                channel.close();
            } catch (IOException e) {
                candidate.addSuppressed(e);
            }
            Level level = candidate.reason() == Reason.CLOSED ? Level.INFO : Level.WARNING;
            LOG.log(level, "connection to " + remoteAddress + " lost: " + candidate.getMessage(), candidate.getCause());
            lost.complete(candidate);
        }
        return failure.get();
    }

    private void throwIfFailed() throws ConnectionLostException {
        ConnectionLostException first = failure.get();
        if (first != null) {
            throw first;
        }
    }

    /** Maps a socket error to a reason; a close by {@link #fail} surfaces as that earlier failure. */
    private ConnectionLostException translate(IOException e, String doing) {
        ConnectionLostException first = failure.get();
        if (first != null && (e instanceof AsynchronousCloseException || e instanceof ClosedChannelException)) {
            return first;
        }
        if (e instanceof ClosedByInterruptException) {
            return new ConnectionLostException(Reason.CLOSED, doing + ": thread interrupted, NIO closed the channel",
                    e);
        }
        return new ConnectionLostException(Reason.RESET, doing + " to/from " + remoteAddress + ": " + e.getMessage(),
                e);
    }

    private void checkOutgoing(ByteBuffer header, ByteBuffer data) {
        int headerLength = header.remaining();
        if (headerLength < BHS_LENGTH || headerLength % 4 != 0 || headerLength != PduFraming.headerLength(header)) {
            throw new IllegalArgumentException("header length: " + headerLength + " (expected: 48 + TotalAHSLength*4)");
        }
        int dataLength = data.remaining();
        if (PduFraming.dataSegmentLength(header) != dataLength) {
            throw new IllegalArgumentException("DataSegmentLength: " + PduFraming.dataSegmentLength(header)
                    + " (expected: " + dataLength + ", the data buffer's remaining bytes)");
        }
        if (dataLength > maxSendDataSegmentLength) {
            throw new IllegalArgumentException("data segment: " + dataLength + " bytes (expected: <= "
                    + maxSendDataSegmentLength + ", the target's MaxRecvDataSegmentLength)");
        }
    }

    private static String hex(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void checkSegmentLimit(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}
