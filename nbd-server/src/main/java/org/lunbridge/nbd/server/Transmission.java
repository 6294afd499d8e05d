package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;
import static org.lunbridge.nbd.server.ServerLog.LOG;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.lunbridge.nbd.protocol.Request;
import org.lunbridge.nbd.protocol.RequestCodec;

/**
 * The transmission phase of one connection (proto.md "Transmission"): this thread reads requests; each valid
 * request runs on its own virtual thread and replies when done, so replies may leave out of order. For a device that
 * {@linkplain org.lunbridge.nbd.spi.BlockDevice#isLowLatency() is low-latency} a few platform threads take turns
 * reading instead, each running what it read: the hand-off to another thread (a start, a wake-up, epoll for a virtual
 * thread's socket) costs more CPU than a page-cache request.
 *
 * <p>Backpressure: a request takes a permit of {@code inFlight} (and its buffer bytes from {@code bufferBytes})
 * before its payload is read; when none is left this thread stops reading and the client's TCP window fills.
 */
final class Transmission {
    /** Upper bound of request buffers (payloads and read data) held per connection at once. */
    static final int BUFFER_BUDGET_BYTES = 256 * 1024 * 1024;
    /**
     * Threads taking turns per connection to a low-latency device (nbdkit runs 16): enough that the next request is
     * read while earlier ones reply; more only adds context switches on a small machine.
     */
    static final int TURN_THREADS = 4;

    private final Negotiated negotiated;
    private final NbdStream stream;
    private final ReplyWriter writer;
    private final RequestValidator validator;
    private final CommandExecutor executor;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final int bufferBudgetBytes;
    private final Semaphore bufferBytes;
    private final DirectBufferPool buffers;
    private final boolean inline;
    private final boolean extended;
    /** The request header being read; only the thread reading (holding {@link #readLock} if inline) uses it. */
    private final ByteBuffer header;
    /** Inline mode: held by the one thread reading a request. */
    private final ReentrantLock readLock = new ReentrantLock();
    /** Inline mode: set when reading has ended; the other threads return at their next turn. */
    private volatile boolean stopped;
    /** Inline mode: the first exception that ended reading; rethrown by {@link #run()}. */
    private volatile Throwable turnFailure;
    /** Only the reading thread starts request threads, so the builder's counter needs no locking. */
    private final Thread.Builder requestThreads;

    Transmission(Negotiated negotiated, int maxInFlight) {
        this(negotiated, maxInFlight, new DirectBufferPool());
    }

    Transmission(Negotiated negotiated, int maxInFlight, DirectBufferPool buffers) {
        this.negotiated = negotiated;
        this.buffers = buffers;
        this.inline = negotiated.export().device().isLowLatency();
        this.extended = negotiated.extendedHeaders();
        this.header = ByteBuffer.allocate(RequestCodec.headerBytes(extended));
        this.stream = negotiated.stream();
        this.writer = new ReplyWriter(stream, negotiated.structuredReplies(), negotiated.extendedHeaders());
        this.validator = new RequestValidator(negotiated);
        this.executor = new CommandExecutor(negotiated, writer, buffers);
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.bufferBudgetBytes = Math.max(BUFFER_BUDGET_BYTES, negotiated.limits().maxPayloadBytes());
        this.bufferBytes = new Semaphore(bufferBudgetBytes);
        // One name for all: a numbered name would build a string per request.
        this.requestThreads = Thread.ofVirtual().name("nbd-request-" + stream.peer());
    }

    /**
     * Serves requests until NBD_CMD_DISC, end of stream, or a protocol violation; then waits for every request in
     * flight to finish ("The server MUST handle all outstanding requests") before returning.
     */
    void run() throws IOException, InterruptedException {
        try {
            if (inline) {
                runTakingTurns();
            } else {
                Received next;
                while ((next = receive()) != null) {
                    startServing(next);
                }
            }
        } finally {
            inFlight.acquireUninterruptibly(maxInFlight);
            inFlight.release(maxInFlight);
        }
    }

    /** A request read whole and ready to run; it holds a permit, {@code bufferCost} bytes, and its payload. */
    private record Received(Request request, ByteBuffer payload, int bufferCost) {}

    /**
     * Low-latency devices, nbdkit's model: {@link #TURN_THREADS} platform threads take turns reading; the thread
     * that read a request runs it and replies while the next one reads. No hand-off per request, and the next read
     * never waits for a thread still busy sending (or descheduled while sending) the previous reply.
     */
    private void runTakingTurns() throws IOException, InterruptedException {
        List<Thread> helpers = new ArrayList<>();
        String name = Thread.currentThread().getName();
        try {
            for (int i = 1; i < Math.min(TURN_THREADS, maxInFlight); i++) {
                helpers.add(Thread.ofPlatform().daemon().name(name + "-" + i).start(this::takeTurnsQuietly));
            }
            takeTurns();
        } finally {
            for (Thread helper : helpers) {
                helper.join();
            }
        }
        Throwable failure = turnFailure;
        if (failure instanceof IOException e) {
            throw e;
        } else if (failure instanceof InterruptedException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
    }

    private void takeTurnsQuietly() {
        try {
            takeTurns();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            // run() rethrows the first failure on the connection thread
        }
    }

    /** One turn-taking thread: read a request under {@link #readLock}, then run it without the lock. */
    private void takeTurns() throws IOException, InterruptedException {
        while (true) {
            Received next;
            readLock.lockInterruptibly();
            try {
                if (stopped) {
                    return;
                }
                next = receive();
                if (next == null) {
                    stopped = true;
                    return;
                }
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                stopped = true;
                if (turnFailure == null) {
                    turnFailure = e;
                }
                throw e;
            } finally {
                readLock.unlock();
            }
            if (!serve(next)) {
                stopped = true; // the stream is closed: the thread reading now fails and the others stop
                return;
            }
        }
    }

    /**
     * Reads the next request. Answers invalid ones itself and reads on; returns null at NBD_CMD_DISC, end of
     * stream, or after a fatal error has been answered.
     */
    private Received receive() throws IOException, InterruptedException {
        while (true) {
            header.clear();
            try {
                stream.readFully(header);
            } catch (EOFException e) {
                if (header.position() > 0) {
                    LOG.log(Level.WARNING, "{0}: truncated request header ({1} bytes), dropping connection",
                            stream.peer(), header.position());
                }
                return null;
            }
            Request request = RequestCodec.decode(header.flip(), extended);
            if (LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "{0}: {1}", stream.peer(), request);
            }
            if (request.type() == NBD_CMD_DISC) {
                return null; // no reply; outstanding requests finish in run()
            }
            RequestValidator.Verdict verdict = validator.check(request);
            if (verdict.fatal()) {
                LOG.log(Level.WARNING, "{0}: {1}: {2}; dropping connection", stream.peer(), request,
                        verdict.message());
                writer.error(request, verdict.error(), verdict.message());
                return null;
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
            boolean received = false;
            try {
                if (!verdict.ok()) {
                    stream.skip(payloadBytes); // "gracefully consume length bytes of payload" then fail
                    LOG.log(Level.DEBUG, "{0}: {1} rejected: {2}", stream.peer(), request, verdict.message());
                    writer.error(request, verdict.error(), verdict.message());
                    continue;
                }
                ByteBuffer payload = buffers.acquire((int) payloadBytes);
                try {
                    stream.readFully(payload);
                } catch (IOException | RuntimeException e) {
                    buffers.release(payload);
                    throw e;
                }
                received = true; // serve() releases payload and permits from here on
                return new Received(request, payload.flip(), bufferCost);
            } finally {
                if (!received) {
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

    private void startServing(Received next) {
        try {
            requestThreads.start(() -> serve(next));
        } catch (RuntimeException | Error e) { // no thread: nothing else will release
            buffers.release(next.payload());
            release(next.bufferCost());
            throw e;
        }
    }

    /** Runs a request and replies; false if that failed and the stream was closed. */
    private boolean serve(Received next) {
        Request request = next.request();
        try {
            executor.execute(request, next.payload());
            return true;
        } catch (IOException e) {
            // The reply could not be written: the client is gone or the stream is out of step. Either way no
            // later request could be answered, so stop the reader too.
            LOG.log(Level.DEBUG, "{0}: reply to {1} not sent: {2}", stream.peer(), request, e.toString());
            closeQuietly();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, stream.peer() + ": " + request + " failed unexpectedly", e);
            closeQuietly(); // a request without a reply would hang the client: drop the connection
        } finally {
            buffers.release(next.payload());
            release(next.bufferCost());
        }
        return false;
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
