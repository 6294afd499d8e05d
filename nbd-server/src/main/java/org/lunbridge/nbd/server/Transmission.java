package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;
import static org.lunbridge.nbd.server.ServerLog.LOG;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import org.lunbridge.nbd.protocol.Request;
import org.lunbridge.nbd.protocol.RequestCodec;

/**
 * The transmission phase of one connection (proto.md "Transmission"): this thread reads requests; each valid
 * request runs on its own virtual thread and replies when done, so replies may leave out of order.
 *
 * <p>Backpressure: a request takes a permit of {@code inFlight} (and its buffer bytes from {@code bufferBytes})
 * before its payload is read; when none is left this thread stops reading and the client's TCP window fills.
 */
final class Transmission {
    /** Upper bound of request buffers (payloads and read data) held per connection at once. */
    static final int BUFFER_BUDGET_BYTES = 256 * 1024 * 1024;

    private final Negotiated negotiated;
    private final NbdStream stream;
    private final ReplyWriter writer;
    private final RequestValidator validator;
    private final CommandExecutor executor;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final int bufferBudgetBytes;
    private final Semaphore bufferBytes;
    /** Only the reading thread starts request threads, so the builder's counter needs no locking. */
    private final Thread.Builder requestThreads;

    Transmission(Negotiated negotiated, int maxInFlight) {
        this.negotiated = negotiated;
        this.stream = negotiated.stream();
        this.writer = new ReplyWriter(stream, negotiated.structuredReplies(), negotiated.extendedHeaders());
        this.validator = new RequestValidator(negotiated);
        this.executor = new CommandExecutor(negotiated, writer);
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.bufferBudgetBytes = Math.max(BUFFER_BUDGET_BYTES, negotiated.limits().maxPayloadBytes());
        this.bufferBytes = new Semaphore(bufferBudgetBytes);
        this.requestThreads = Thread.ofVirtual().name("nbd-request-" + stream.peer() + "-", 0);
    }

    /**
     * Serves requests until NBD_CMD_DISC, end of stream, or a protocol violation; then waits for every request in
     * flight to finish ("The server MUST handle all outstanding requests") before returning.
     */
    void run() throws IOException, InterruptedException {
        try {
            readLoop();
        } finally {
            inFlight.acquireUninterruptibly(maxInFlight);
            inFlight.release(maxInFlight);
        }
    }

    private void readLoop() throws IOException, InterruptedException {
        boolean extended = negotiated.extendedHeaders();
        ByteBuffer header = ByteBuffer.allocate(RequestCodec.headerBytes(extended));
        while (true) {
            header.clear();
            try {
                stream.readFully(header);
            } catch (EOFException e) {
                if (header.position() > 0) {
                    LOG.log(Level.WARNING, "{0}: truncated request header ({1} bytes), dropping connection",
                            stream.peer(), header.position());
                }
                return;
            }
            Request request = RequestCodec.decode(header.flip(), extended);
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "{0}: {1}", stream.peer(), request);
            }
            if (request.type() == NBD_CMD_DISC) {
                return; // no reply; outstanding requests finish in run()
            }
            RequestValidator.Verdict verdict = validator.check(request);
            if (verdict.fatal()) {
                LOG.log(Level.WARNING, "{0}: {1}: {2}; dropping connection", stream.peer(), request,
                        verdict.message());
                writer.error(request, verdict.error(), verdict.message());
                return;
            }
            long payloadBytes = request.payloadBytes(extended);
            int bufferCost = bufferCost(request, payloadBytes, verdict);
            inFlight.acquire();
            try {
                bufferBytes.acquire(bufferCost);
            } catch (InterruptedException e) {
                inFlight.release();
                throw e;
            }
            boolean handedOff = false;
            try {
                if (!verdict.ok()) {
                    stream.skip(payloadBytes); // "gracefully consume length bytes of payload" then fail
                    LOG.log(Level.DEBUG, "{0}: {1} rejected: {2}", stream.peer(), request, verdict.message());
                    writer.error(request, verdict.error(), verdict.message());
                    continue;
                }
                ByteBuffer payload = ByteBuffer.allocate((int) payloadBytes);
                stream.readFully(payload);
                requestThreads.start(() -> serve(request, payload.flip(), bufferCost));
                handedOff = true;
            } finally {
                if (!handedOff) {
                    release(bufferCost);
                }
            }
        }
    }

    /** Bytes of buffers a request holds while in flight: its payload, or the data a READ returns. */
    private int bufferCost(Request request, long payloadBytes, RequestValidator.Verdict verdict) {
        long bytes = payloadBytes;
        if (verdict.ok() && request.type() == NBD_CMD_READ) {
            bytes = request.length();
        }
        return (int) Math.min(bytes, bufferBudgetBytes);
    }

    private void serve(Request request, ByteBuffer payload, int bufferCost) {
        try {
            executor.execute(request, payload);
        } catch (IOException e) {
            // The reply could not be written: the client is gone or the stream is out of step. Either way no
            // later request could be answered, so stop the reader too.
            LOG.log(Level.DEBUG, "{0}: reply to {1} not sent: {2}", stream.peer(), request, e.toString());
            closeQuietly();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, stream.peer() + ": " + request + " failed unexpectedly", e);
            closeQuietly(); // a request without a reply would hang the client: drop the connection
        } finally {
            release(bufferCost);
        }
    }

    private void closeQuietly() {
        try {
            stream.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: close: {1}", stream.peer(), e.toString());
        }
    }

    private void release(int bufferCost) {
        bufferBytes.release(bufferCost);
        inFlight.release();
    }
}
