package org.lunbridge.iscsi.session;

import java.nio.ByteBuffer;
import java.util.List;
import org.lunbridge.iscsi.pdu.AsyncMessage;
import org.lunbridge.iscsi.pdu.DataIn;
import org.lunbridge.iscsi.pdu.DataOut;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.LoginResponse;
import org.lunbridge.iscsi.pdu.LogoutResponse;
import org.lunbridge.iscsi.pdu.NopIn;
import org.lunbridge.iscsi.pdu.NopOut;
import org.lunbridge.iscsi.pdu.R2t;
import org.lunbridge.iscsi.pdu.Reject;
import org.lunbridge.iscsi.pdu.ScsiResponse;
import org.lunbridge.iscsi.pdu.SerialNumbers;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.pdu.TaskManagementResponse;
import org.lunbridge.iscsi.pdu.TextResponse;

/**
 * One method per target PDU of full feature phase (RFC 7143 §11), run on the reader thread under the session lock.
 * A protocol violation ends the connection (§7.12 at ERL0). PDUs for tasks that no longer exist (completed, aborted,
 * or of an older session generation) are dropped, as Linux libiscsi does.
 */
final class ReceiveDispatcher {

    private static final System.Logger LOG = IscsiSession.LOG;

    /** Thrown inside the lock, handled outside it by failing the connection. */
    private static final class Violation extends Exception {
        Violation(String message) {
            super(message, null, false, false);
        }
    }

    private final IscsiSession s;

    ReceiveDispatcher(IscsiSession session) {
        this.s = session;
    }

    /** @return false when the session is down and the reader should stop */
    boolean dispatch(TargetPdu pdu) {
        String violation = null;
        synchronized (s.lock) {
            if (s.state == ConnectionState.DOWN) {
                return false;
            }
            LOG.log(System.Logger.Level.DEBUG, "<- {0}", pdu);
            s.nop.onReceive(s.nanoClock.getAsLong());
            try {
                if (pdu instanceof LoginResponse) {
                    throw new Violation("Login Response in full feature phase");
                }
                // §4.2.2.1: every target PDU of full feature phase carries the window.
                s.window.update(pdu.expCmdSn(), pdu.maxCmdSn());
                if (advancesStatSn(pdu)) {
                    acknowledge(pdu.statSn());
                }
                handle(pdu);
                s.drainPending();
            } catch (Violation e) {
                violation = e.getMessage();
            } catch (RuntimeException e) {
                // Our bug, not the target's; still, a reader that dies silently would hang every task.
                LOG.log(System.Logger.Level.ERROR, "failure handling " + pdu, e);
                violation = "internal error handling " + pdu + ": " + e;
            }
        }
        s.runDeferred();
        if (violation != null) {
            s.connectionLost(ConnectionLostException.Reason.PROTOCOL_VIOLATION, "protocol violation by "
                    + s.transport.peer() + ": " + violation, null);
            return false;
        }
        return true;
    }

    /** §4.2.2.2: which PDUs carry a StatSN that is consumed (a NOP-In ping and R2T only report the next one). */
    private static boolean advancesStatSn(TargetPdu pdu) {
        return switch (pdu) {
            case DataIn d -> d.statusPresent();
            case NopIn n -> n.itt() != IscsiConstants.RESERVED_TAG;
            case R2t r -> false;
            default -> true;
        };
    }

    private void acknowledge(int statSn) {
        if (SerialNumbers.greaterThanOrEqual(statSn, s.expStatSn)) {
            s.expStatSn = statSn + 1;
        }
    }

    private void handle(TargetPdu pdu) throws Violation {
        switch (pdu) {
            case ScsiResponse r -> scsiResponse(r);
            case DataIn d -> dataIn(d);
            case R2t r -> r2t(r);
            case NopIn n -> nopIn(n);
            case TaskManagementResponse r -> {
                if (!s.tmf.onResponse(r)) {
                    dropped(r.itt(), "Task Management Response");
                }
            }
            case LogoutResponse r -> {
                if (!s.logout.isFor(r.itt())) {
                    throw new Violation("Logout Response for ITT 0x" + Integer.toHexString(r.itt())
                            + " without a Logout Request");
                }
                s.logout.onResponse(s, r);
            }
            case AsyncMessage m -> asyncMessage(m);
            case Reject r -> reject(r);
            case TextResponse r -> dropped(r.itt(), "Text Response");
            case LoginResponse r -> throw new Violation("Login Response in full feature phase");
        }
    }

    private ScsiTask task(int itt) {
        return s.tasks.get(itt) instanceof ScsiTask t && t.age == s.age && !t.state.terminal() ? t : null;
    }

    private void dropped(int itt, String what) {
        s.stats.lateResponsesDropped.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "dropped {0} for unknown or dead ITT 0x{1}", what,
                Integer.toHexString(itt));
    }

    /** §11.4. */
    private void scsiResponse(ScsiResponse r) throws Violation {
        s.stats.scsiResponsePdus.incrementAndGet();
        ScsiTask t = task(r.itt());
        if (t == null) {
            dropped(r.itt(), "SCSI Response");
            return;
        }
        if (r.response() != IscsiConstants.RESPONSE_COMMAND_COMPLETED_AT_TARGET) {
            // §11.4.3: the status is not valid; the command failed in the target's iSCSI layer.
            s.fail(t, TaskState.FAILED, new TaskRejectedException(-1, "iSCSI Response 0x"
                    + Integer.toHexString(r.response()) + " (Target Failure) for " + t));
            return;
        }
        finish(t, r.status(), r.senseData(), r.residualCount(), r.residualUnderflow(), r.residualOverflow());
    }

    private void finish(ScsiTask t, int status, ByteBuffer sense, int residual, boolean underflow,
                        boolean overflow) throws Violation {
        ScsiOutcome outcome = switch (status) {
            case ScsiOutcome.SAM_GOOD -> new ScsiOutcome.Good(residual, underflow, overflow);
            case ScsiOutcome.SAM_CHECK_CONDITION -> new ScsiOutcome.CheckCondition(ScsiOutcome.parseSense(sense),
                    residual, underflow, overflow);
            default -> new ScsiOutcome.OtherStatus(status, residual, underflow, overflow);
        };
        if (t.isRead() && status == ScsiOutcome.SAM_GOOD) {
            // A GOOD read must have delivered what it claims (EDTL minus an underflow residual, §11.4.5): a
            // shortfall here would hand the caller stale buffer bytes as disk data.
            long claimed = underflow ? t.expectedLength - Integer.toUnsignedLong(residual) : t.expectedLength;
            if (t.receivedBytes != claimed) {
                throw new Violation("status GOOD after " + t.receivedBytes + " Data-In bytes (expected: " + claimed
                        + ") for " + t);
            }
        }
        s.complete(t, outcome);
    }

    /** §11.7: data in DataSN order at increasing offsets; with S also the status (phase collapse, §11.7.3). */
    private void dataIn(DataIn d) throws Violation {
        s.stats.dataInPdus.incrementAndGet();
        ScsiTask t = task(d.itt());
        if (t == null) {
            dropped(d.itt(), "Data-In");
            return;
        }
        if (!t.isRead()) {
            throw new Violation("Data-In for a command without the R bit: " + t);
        }
        if (d.dataSn() != t.expDataSn) {
            throw new Violation("Data-In DataSN " + Integer.toUnsignedString(d.dataSn()) + " (expected: "
                    + Integer.toUnsignedString(t.expDataSn) + ") for " + t);
        }
        ByteBuffer data = d.data();
        int length = data.remaining();
        long offset = Integer.toUnsignedLong(d.bufferOffset());
        if (offset + length > t.expectedLength) {
            throw new Violation("Data-In Buffer Offset " + offset + " + length " + length
                    + " (expected: <= Expected Data Transfer Length " + t.expectedLength + ")");
        }
        if (s.login.session().dataPduInOrder() && offset != t.receivedBytes) {
            throw new Violation("Data-In Buffer Offset " + offset + " (expected: " + t.receivedBytes
                    + ", DataPDUInOrder=Yes, RFC 7143 §13.18)");
        }
        t.dataIn.put(t.dataIn.position() + (int) offset, data, data.position(), length);
        t.receivedBytes += length;
        t.expDataSn++;
        t.moveTo(TaskState.DATA);
        s.stats.bytesRead.addAndGet(length);
        if (d.statusPresent()) {
            finish(t, d.status(), ByteBuffer.allocate(0), d.residualCount(), d.residualUnderflow(),
                    d.residualOverflow());
        }
    }

    /** §11.8: answer with exactly the requested range, R2TSN in order. */
    private void r2t(R2t r) throws Violation {
        s.stats.r2tPdus.incrementAndGet();
        ScsiTask t = task(r.itt());
        if (t == null) {
            dropped(r.itt(), "R2T");
            return;
        }
        if (!t.isWrite()) {
            throw new Violation("R2T for a command without the W bit: " + t);
        }
        if (r.r2tSn() != t.expR2tSn) {
            throw new Violation("R2TSN " + Integer.toUnsignedString(r.r2tSn()) + " (expected: "
                    + Integer.toUnsignedString(t.expR2tSn) + ") for " + t);
        }
        List<DataOut> pdus;
        try {
            pdus = s.planner.solicited(t.lun, t.itt, r.ttt(), s.expStatSn, t.dataOut, r.bufferOffset(),
                    r.desiredDataTransferLength());
        } catch (IllegalArgumentException e) {
            throw new Violation(e.getMessage() + " for " + t);
        }
        t.expR2tSn++;
        t.moveTo(TaskState.DATA);
        for (DataOut pdu : pdus) {
            s.writer.enqueue(pdu);
        }
        s.stats.dataOutPdus.addAndGet(pdus.size());
        s.stats.bytesWritten.addAndGet(r.desiredDataTransferLength());
    }

    /** §11.19: answer the target's ping (valid TTT); match the answer to ours (valid ITT). */
    private void nopIn(NopIn n) {
        s.stats.nopInPdus.incrementAndGet();
        if (n.ttt() != IscsiConstants.RESERVED_TAG) {
            // The echoed data is copied: the received segment's buffer is reused for the next PDU.
            ByteBuffer ping = ByteBuffer.allocate(n.data().remaining()).put(n.data().duplicate()).flip();
            s.writer.enqueue(new NopOut(true, n.lun(), IscsiConstants.RESERVED_TAG, n.ttt(), s.window.peek(),
                    s.expStatSn, ping));
            s.stats.nopOutPdus.incrementAndGet();
        }
        if (n.itt() != IscsiConstants.RESERVED_TAG) {
            if (s.nop.onPingAnswer(n.itt())) {
                s.tasks.release(n.itt(), s.nop);
            } else {
                dropped(n.itt(), "NOP-In");
            }
        }
    }

    /** §11.9.1. */
    private void asyncMessage(AsyncMessage m) {
        s.stats.asyncMessages.incrementAndGet();
        ByteBuffer sense = m.senseData();
        AsyncEvent event = new AsyncEvent(m.asyncEvent(), m.lun().number(),
                ScsiOutcome.parseSense(sense),
                m.parameter1(), m.parameter2(), m.parameter3());
        s.defer(() -> s.notifyAsync(event));
        switch (m.asyncEvent()) {
            case IscsiConstants.ASYNC_LOGOUT_REQUESTED -> {
                // Parameter3: seconds within which to log out (§11.9.1).
                LOG.log(System.Logger.Level.WARNING, "{0} requests logout within {1} s", s.transport.peer(),
                        m.parameter3());
                s.logoutRequested(m.parameter3());
            }
            case IscsiConstants.ASYNC_CONNECTION_DROP, IscsiConstants.ASYNC_SESSION_DROP -> s.defer(() ->
                    s.connectionLost(ConnectionLostException.Reason.TARGET_DROPPED, s.transport.peer()
                            + " announced it drops the " + (m.asyncEvent() == IscsiConstants.ASYNC_SESSION_DROP
                            ? "session" : "connection") + " (Async Message, Time2Wait " + m.parameter2() + " s)",
                            null));
            // We negotiate nothing in full feature phase; the target keeps the old values or drops us.
            case IscsiConstants.ASYNC_PARAMETER_NEGOTIATION -> LOG.log(System.Logger.Level.WARNING,
                    "{0} asks to renegotiate parameters; ignored", s.transport.peer());
            default -> { }
        }
    }

    /** §11.17: fail whatever the rejected PDU belonged to. */
    private void reject(Reject r) {
        s.stats.rejects.incrementAndGet();
        int itt = r.rejectedItt();
        TaskRejectedException e = new TaskRejectedException(r.reason(), "target " + s.transport.peer()
                + " rejected opcode 0x" + Integer.toHexString(r.rejectedOpcode()) + ": "
                + TaskRejectedException.describe(r.reason()));
        LOG.log(System.Logger.Level.WARNING, e.getMessage());
        if (task(itt) instanceof ScsiTask t) {
            s.fail(t, TaskState.FAILED, e);
        } else if (!s.tmf.onReject(itt, e) && s.nop.onPingAnswer(itt)) {
            s.tasks.release(itt, s.nop);
        }
    }
}
