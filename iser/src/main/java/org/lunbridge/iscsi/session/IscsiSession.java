package org.lunbridge.iscsi.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.login.LoginConversation;
import org.lunbridge.iscsi.login.LoginStep;
import org.lunbridge.iscsi.login.SessionParameters;
import org.lunbridge.iscsi.pdu.DataOut;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.LogoutRequest;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.ScsiCommand;
import org.lunbridge.iscsi.pdu.TargetPdu;

/**
 * One iSCSI session with one connection in full feature phase, error recovery level 0 (RFC 7143 §4, §7.1.1):
 * CmdSN window, task table, Data-In/R2T/Data-Out, NOP keep-alive, TMF, logout. Any connection failure fails every
 * outstanding task with {@link ConnectionLostException} and tells listeners once; replay is the layer above's job
 * ({@link #unacknowledgedTasks()}).
 *
 * <p>Threads: callers submit from any thread; one reader thread dispatches received PDUs ({@link ReceiveDispatcher});
 * one writer thread sends ({@link PduWriter}); a timer calls {@link #tick()}. All state is guarded by {@link #lock};
 * futures are completed after the lock is released.
 */
public final class IscsiSession implements AutoCloseable {

    static final System.Logger LOG = System.getLogger("org.lunbridge.iscsi.session");

    final Object lock = new Object();
    final PduTransport transport;
    final SessionConfig config;
    final LongSupplier nanoClock;
    final LoginStep.LoginResult login;
    final DataOutPlanner planner;
    final CmdSnWindow window;
    final TaskTable tasks = new TaskTable(1);
    final ArrayDeque<ScsiTask> pending = new ArrayDeque<>();
    final NopKeeper nop;
    final TaskManagement tmf;
    final SessionStats stats = new SessionStats();
    final PduWriter writer;
    final ReceiveDispatcher dispatcher;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> deferred = new ArrayList<>();

    /** Next StatSN expected; acknowledged in every PDU we send (§4.2.2.2). */
    int expStatSn;
    /** Generation: bumped when the connection dies, so late completions of its tasks are recognised (libiscsi). */
    long age;
    ConnectionState state = ConnectionState.UP;
    private List<ScsiTask> unacknowledged = List.of();
    /** Completions (and the callbacks chained to them) run here; it must never wait for queue space. */
    private volatile Thread readerThread;
    final Logout logout = new Logout();
    /** The target asked us to log out (Async Message event 1): no new commands, log out once drained. */
    boolean logoutRequested;
    long logoutRequestedDeadlineNanos;

    private IscsiSession(PduTransport transport, LoginDriver.Established established, SessionConfig config,
                         LongSupplier nanoClock) {
        this.transport = transport;
        this.config = config;
        this.nanoClock = nanoClock;
        this.login = established.result();
        SessionParameters sp = login.session();
        this.planner = new DataOutPlanner(sp.immediateData(), sp.initialR2T(), sp.firstBurstLength(),
                sp.maxBurstLength(), login.connection().maxSendDataSegmentLength());
        this.window = new CmdSnWindow(established.cmdSn(), established.expCmdSn(), established.maxCmdSn());
        this.expStatSn = established.expStatSn();
        long now = nanoClock.getAsLong();
        this.nop = new NopKeeper(TimeUnit.MILLISECONDS.toNanos(config.nopIntervalMillis()),
                TimeUnit.MILLISECONDS.toNanos(config.nopTimeoutMillis()), now);
        this.tmf = new TaskManagement(this);
        this.writer = new PduWriter(transport, e -> connectionLost(ConnectionLostException.classify(e),
                "cannot send to " + transport.peer() + ": " + e.getMessage(), e));
        this.dispatcher = new ReceiveDispatcher(this);
    }

    /** Logs in over {@code transport} (already connected) and starts full feature phase. */
    public static IscsiSession login(PduTransport transport, LoginConfig loginConfig, SessionConfig config)
            throws IOException {
        return login(transport, LoginDriver.conversation(loginConfig), config);
    }

    /** As above with a conversation the caller keeps, e.g. to ask it which CHAP algorithm failed. */
    public static IscsiSession login(PduTransport transport, LoginConversation conversation, SessionConfig config)
            throws IOException {
        LoginDriver.Established e = LoginDriver.login(transport, conversation, 1, config.loginTimeoutMillis());
        return start(transport, e, config, System::nanoTime);
    }

    /** Starts full feature phase on a logged-in transport (tests pass a fake clock and tickMillis 0). */
    static IscsiSession start(PduTransport transport, LoginDriver.Established established, SessionConfig config,
                              LongSupplier nanoClock) {
        IscsiSession s = new IscsiSession(transport, established, config, nanoClock);
        Thread.ofPlatform().daemon().name("iscsi-writer-" + transport.peer()).start(s.writer);
        s.readerThread = Thread.ofPlatform().daemon().name("iscsi-reader-" + transport.peer()).unstarted(s::readLoop);
        s.readerThread.start();
        if (config.tickMillis() > 0) {
            Thread.ofPlatform().daemon().name("iscsi-timer-" + transport.peer()).start(s::timerLoop);
        }
        return s;
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    void notifyAsync(AsyncEvent event) {
        for (SessionListener l : listeners) {
            l.asyncEvent(event);
        }
    }

    public LoginStep.LoginResult loginResult() {
        return login;
    }

    public SessionStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** Wire-level counters of the connection (transport), when the transport keeps them. */
    public java.util.Optional<org.lunbridge.iscsi.transport.ConnectionStats.Snapshot> connectionStats() {
        return transport.connectionStats().map(org.lunbridge.iscsi.transport.ConnectionStats::snapshot);
    }

    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Tasks that were outstanding when the connection was lost, in CmdSN order, for replay by the layer above. */
    public List<ScsiTaskInfo> unacknowledgedTasks() {
        synchronized (lock) {
            return unacknowledged.stream().map(ScsiTaskInfo::of).toList();
        }
    }

    /**
     * Executes a CDB. {@code dataIn} receives read data between its position and limit (absolute writes; the
     * buffer's position is not moved); {@code dataOut} supplies write data the same way; at most one is non-null.
     * Blocks while {@link SessionConfig#maxQueuedCommands()} commands already wait for the CmdSN window.
     */
    public CompletableFuture<ScsiOutcome> execute(int lun, byte[] cdb, ByteBuffer dataIn, ByteBuffer dataOut) {
        if (dataIn != null && dataIn.isReadOnly()) {
            throw new IllegalArgumentException("dataIn buffer is read-only");
        }
        ScsiTask task = new ScsiTask(Lun.of(lun), cdb, dataIn, dataOut);
        try {
            synchronized (lock) {
                // Backpressure, except on the reader thread: a callback resubmitting from a completion (e.g. a
                // UNIT ATTENTION retry) would otherwise wait for space only the reader can free.
                while (state == ConnectionState.UP && pending.size() >= config.maxQueuedCommands()
                        && Thread.currentThread() != readerThread) {
                    lock.wait();
                }
                if (state != ConnectionState.UP || logoutRequested) {
                    task.future.completeExceptionally(new SessionClosedException("session to "
                            + transport.peer() + " is " + (logoutRequested ? "logging out at the target's request"
                            : state)));
                    return task.future;
                }
                task.itt = tasks.allocate(task);
                task.age = age;
                if (pending.isEmpty() && window.isOpen()) {
                    send(task);
                } else {
                    pending.add(task);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (lock) {
                tasks.release(task.itt, task);
            }
            task.future.completeExceptionally(e);
        }
        return task.future;
    }

    /** Sends commands waiting for the window while it is open (§4.2.2.1). Under lock. */
    void drainPending() {
        boolean sent = false;
        while (!pending.isEmpty() && window.isOpen() && state == ConnectionState.UP) {
            send(pending.poll());
            sent = true;
        }
        if (sent) {
            lock.notifyAll();
        }
    }

    private void send(ScsiTask task) {
        task.cmdSn = window.take();
        int length = task.expectedLength;
        ByteBuffer immediate = null;
        boolean unsolicited = false;
        if (task.isWrite()) {
            int n = planner.immediateLength(length);
            immediate = n > 0 ? task.dataOut.slice(task.dataOut.position(), n) : null;
            unsolicited = planner.hasUnsolicitedDataOut(length);
        }
        // §11.3.1.1: F=1 unless unsolicited Data-Out PDUs follow.
        ScsiCommand command = new ScsiCommand(false, !unsolicited, task.isRead(), task.isWrite(),
                IscsiConstants.ATTR_SIMPLE, task.lun, task.itt, length, task.cmdSn, expStatSn, task.cdb,
                OptionalInt.empty(), immediate);
        task.moveTo(TaskState.SENT);
        task.sent = true;
        writer.enqueue(command);
        stats.scsiCommandPdus.incrementAndGet();
        if (unsolicited) {
            for (DataOut d : planner.unsolicited(task.lun, task.itt, expStatSn, task.dataOut)) {
                writer.enqueue(d);
                stats.dataOutPdus.incrementAndGet();
            }
        }
        if (immediate != null || unsolicited) {
            stats.bytesWritten.addAndGet(planner.unsolicitedEnd(length));
        }
    }

    /** Completes {@code task} with a status, once. Under lock. */
    void complete(ScsiTask task, ScsiOutcome outcome) {
        if (task.moveTo(TaskState.COMPLETED)) {
            tasks.release(task.itt, task);
            defer(() -> task.future.complete(outcome));
            logoutIfDrained();
        }
    }

    /**
     * RFC 7143 §11.9.1 event 1: the target wants a logout within {@code seconds}. Outstanding commands may still
     * finish; new ones are refused (the layer above reconnects); we log out as soon as none is left, or at the
     * deadline. Under lock.
     */
    void logoutRequested(int seconds) {
        logoutRequested = true;
        logoutRequestedDeadlineNanos = nanoClock.getAsLong() + TimeUnit.SECONDS.toNanos(seconds);
        logoutIfDrained();
    }

    private void logoutIfDrained() {
        lock.notifyAll();   // close() may be waiting for the last task
        if (logoutRequested && state == ConnectionState.UP && pending.isEmpty() && tasks.scsiTasks().isEmpty()) {
            defer(this::logout);
        }
    }

    /** Ends {@code task} in {@code terminal} (ABORTED or FAILED) with {@code cause}, once. Under lock. */
    void fail(ScsiTask task, TaskState terminal, Throwable cause) {
        if (task.moveTo(terminal)) {
            tasks.release(task.itt, task);
            pending.remove(task);
            defer(() -> task.future.completeExceptionally(cause));
            logoutIfDrained();
        }
    }

    void defer(Runnable r) {
        deferred.add(r);
    }

    /** Runs completions collected under the lock; call after leaving it. */
    void runDeferred() {
        List<Runnable> run;
        synchronized (lock) {
            if (deferred.isEmpty()) {
                return;
            }
            run = new ArrayList<>(deferred);
            deferred.clear();
        }
        for (Runnable r : run) {
            r.run();
        }
    }

    /** Timer work: NOP keep-alive (§11.18), TMF, logout and logout-request deadlines. Tests call it directly. */
    public void tick() {
        SessionTimer.tick(this);
    }

    private void timerLoop() {
        while (state() != ConnectionState.DOWN) {
            try {
                Thread.sleep(config.tickMillis());
            } catch (InterruptedException e) {
                return;
            }
            tick();
        }
    }

    private void readLoop() {
        while (true) {
            TargetPdu pdu;
            try {
                pdu = transport.receive();
            } catch (IOException | RuntimeException e) {
                connectionLost(ConnectionLostException.classify(e), "cannot receive from " + transport.peer()
                        + ": " + e.getMessage(), e);
                return;
            }
            if (!dispatcher.dispatch(pdu)) {
                return;
            }
        }
    }

    /**
     * Declares the connection lost: every outstanding or queued task fails with one {@link ConnectionLostException},
     * TMFs and logout fail or end, the transport closes, listeners hear it once. Idempotent.
     */
    void connectionLost(ConnectionLostException.Reason reason, String message, Throwable cause) {
        ConnectionLostException lost = new ConnectionLostException(reason, message, cause);
        synchronized (lock) {
            if (state == ConnectionState.DOWN) {
                return;
            }
            state = state.checkTransition(ConnectionState.DOWN);
            age++;
            List<ScsiTask> all = new ArrayList<>(tasks.scsiTasks());
            all.addAll(pending);
            all.sort(Comparator.comparingLong(t -> t.state == TaskState.QUEUED ? Long.MAX_VALUE
                    : Integer.toUnsignedLong(t.cmdSn - window.expCmdSn())));
            unacknowledged = List.copyOf(all);
            for (ScsiTask t : all) {
                fail(t, TaskState.FAILED, lost);
            }
            pending.clear();
            tmf.failAll(lost);
            logout.connectionGone(this, lost);
            tasks.clear();
            lock.notifyAll();
        }
        if (reason == ConnectionLostException.Reason.CLOSED) {
            LOG.log(System.Logger.Level.INFO, "session to {0} closed: {1}", transport.peer(), message);
        } else {
            LOG.log(System.Logger.Level.WARNING, "connection to {0} lost ({1}): {2}", transport.peer(), reason,
                    message);
        }
        writer.stop();
        transport.close();
        // Listeners first, so that whoever reacts to a failed task already finds the session marked lost.
        for (SessionListener l : listeners) {
            l.connectionLost(lost);
        }
        runDeferred();
    }

    /** Sends Logout "close the session" (§11.14) and closes after the response or the logout timeout. */
    public CompletableFuture<Void> logout() {
        synchronized (lock) {
            if (state != ConnectionState.UP) {
                return logout.future();
            }
            state = state.checkTransition(ConnectionState.TERMINATING);
            int itt = tasks.allocate(logout);
            logout.sent(itt, nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(config.logoutTimeoutMillis()));
            // Immediate: the target answers it after the commands it already has (§11.14.1 is silent; both work).
            writer.enqueue(new LogoutRequest(true, IscsiConstants.LOGOUT_CLOSE_SESSION, itt, 0, window.peek(),
                    expStatSn));
            lock.notifyAll();
        }
        return logout.future();
    }

    /**
     * Lets outstanding commands finish (up to the logout timeout), logs out, and waits for the response (up to the
     * logout timeout again); the session is DOWN afterwards either way. Commands still outstanding then fail with
     * {@link ConnectionLostException} reason CLOSED. Must not be called from a completion callback.
     */
    @Override
    public void close() {
        try {
            synchronized (lock) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.logoutTimeoutMillis());
                while (state == ConnectionState.UP && (!pending.isEmpty() || !tasks.scsiTasks().isEmpty())
                        && Thread.currentThread() != readerThread) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            }
            logout().get(config.logoutTimeoutMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "logout from {0} did not complete cleanly: {1}", transport.peer(),
                    e.toString());
        } finally {
            connectionLost(ConnectionLostException.Reason.CLOSED, "closed by the initiator", null);
        }
    }

    /**
     * Drops the connection at once, without logout (the target is not answering): every outstanding task fails
     * with {@link ConnectionLostException} reason TMF_TIMEOUT. The recovery layer's step before session
     * reinstatement, when ABORT TASK and LOGICAL UNIT RESET went unanswered. Idempotent.
     */
    public void abandon(String reason) {
        connectionLost(ConnectionLostException.Reason.TMF_TIMEOUT, "abandoned by the initiator: " + reason, null);
    }

    // ---- task management (delegated) ------------------------------------------------------------------------

    /** ABORT TASK for a command returned by {@link #execute} (§11.5.1 function 1). */
    public CompletableFuture<Integer> abortTask(CompletableFuture<ScsiOutcome> command) {
        return tmf.abortTask(command);
    }

    /** ABORT TASK SET, CLEAR TASK SET, LOGICAL UNIT RESET (functions 2, 3, 5) on {@code lun}. */
    public CompletableFuture<Integer> taskManagement(int function, int lun) {
        return tmf.lunFunction(function, Lun.of(lun));
    }
}
