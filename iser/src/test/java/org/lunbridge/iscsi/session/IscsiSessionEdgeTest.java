package org.lunbridge.iscsi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.iscsi.session.IscsiSessionDataTest.READ16;
import static org.lunbridge.iscsi.session.IscsiSessionDataTest.WRITE16;
import static org.lunbridge.iscsi.session.IscsiSessionDataTest.await;
import static org.lunbridge.iscsi.session.IscsiSessionDataTest.failure;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.pdu.AsyncMessage;
import org.lunbridge.iscsi.pdu.DataIn;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.NopIn;
import org.lunbridge.iscsi.pdu.NopOut;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.Reject;
import org.lunbridge.iscsi.pdu.ScsiCommand;
import org.lunbridge.iscsi.pdu.TaskManagementRequest;
import org.lunbridge.iscsi.pdu.TaskManagementResponse;

/** Less common paths: local aborts, target reset, rejected TMF, TMF timeout, overflow, async events. */
class IscsiSessionEdgeTest {

    final FakeTarget target = new FakeTarget();
    final List<AsyncEvent> events = new CopyOnWriteArrayList<>();
    IscsiSession session;

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.connectionLost(ConnectionLostException.Reason.CLOSED, "test over", null);
        }
    }

    private void start(int cmdSn, int maxCmdSn) {
        session = target.start(FakeTarget.Params.defaults(), cmdSn, maxCmdSn);
        session.addListener(new SessionListener() {
            @Override
            public void asyncEvent(AsyncEvent event) {
                events.add(event);
            }
        });
    }

    @Test
    void givenTaskStillQueuedForWindow_whenAborted_thenAbortedLocallyWithoutTmf() throws Exception {
        start(1, 0);
        CompletableFuture<ScsiOutcome> queued = session.execute(0, new byte[] {0}, null, null);
        assertEquals(IscsiConstants.TMF_RESPONSE_FUNCTION_COMPLETE, session.abortTask(queued).get(5, TimeUnit.SECONDS));
        assertInstanceOf(TaskAbortedException.class, failure(queued));
        target.assertNothingSent();
        // The window opening later must not send the aborted command.
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x9, 1, 1, 5, null));
        target.next(NopOut.class);
        target.assertNothingSent();
    }

    @Test
    void givenCompletedTask_whenAborted_thenTaskDoesNotExistWithoutTmf() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        ScsiCommand c = target.next(ScsiCommand.class);
        target.reply(org.lunbridge.iscsi.pdu.ScsiResponse.completed(0, c.itt(), 1, 2, 10, null));
        await(f);
        assertEquals(IscsiConstants.TMF_RESPONSE_TASK_DOES_NOT_EXIST, session.abortTask(f).get(5, TimeUnit.SECONDS));
        target.assertNothingSent();
    }

    @Test
    void givenTargetWarmReset_whenComplete_thenSentTasksOnAllLunsAborted() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> a = session.execute(1, new byte[] {0}, null, null);
        CompletableFuture<ScsiOutcome> b = session.execute(2, new byte[] {0}, null, null);
        target.next(ScsiCommand.class);
        target.next(ScsiCommand.class);
        CompletableFuture<Integer> reset = session.taskManagement(IscsiConstants.TMF_TARGET_WARM_RESET, 0);
        TaskManagementRequest tmf = target.next(TaskManagementRequest.class);
        assertEquals(3, tmf.cmdSn(), "immediate: carries the next CmdSN");
        target.reply(new TaskManagementResponse(0, tmf.itt(), 1, 3, 10));
        assertEquals(0, reset.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TaskAbortedException.class, failure(a));
        assertInstanceOf(TaskAbortedException.class, failure(b));
    }

    @Test
    void givenRejectedTmf_whenNextQueued_thenFirstFailsTypedAndSecondSent() throws Exception {
        start(1, 10);
        CompletableFuture<Integer> first = session.taskManagement(IscsiConstants.TMF_LOGICAL_UNIT_RESET, 1);
        CompletableFuture<Integer> second = session.taskManagement(IscsiConstants.TMF_LOGICAL_UNIT_RESET, 2);
        TaskManagementRequest r1 = target.next(TaskManagementRequest.class);
        target.reply(new Reject(IscsiConstants.REJECT_IMMEDIATE_COMMAND_REJECT, 1, 1, 10, 0,
                PduEncoder.encodeHeader(r1)));
        assertInstanceOf(TaskRejectedException.class, failure(first));
        TaskManagementRequest r2 = target.next(TaskManagementRequest.class);
        assertEquals(2, r2.lun().number());
        target.reply(new TaskManagementResponse(0, r2.itt(), 2, 1, 10));
        assertEquals(0, second.get(5, TimeUnit.SECONDS));
    }

    @Test
    void givenTmfUnanswered_whenTimeoutPasses_thenConnectionLostTmfTimeout() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        target.next(ScsiCommand.class);
        CompletableFuture<Integer> reset = session.taskManagement(IscsiConstants.TMF_LOGICAL_UNIT_RESET, 0);
        target.next(TaskManagementRequest.class);
        target.advanceMillis(30_000);
        // Keep the NOP keeper quiet: the target "answers" pings, so only the TMF times out.
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x1, 1, 1, 10, null));
        target.next(NopOut.class);
        session.tick();
        assertEquals(ConnectionLostException.Reason.TMF_TIMEOUT,
                assertInstanceOf(ConnectionLostException.class, failure(reset)).reason());
        assertInstanceOf(ConnectionLostException.class, failure(f));
    }

    @Test
    void givenDigestErrorFromTransport_whenReceiving_thenTasksFailWithDigestReason() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, READ16, ByteBuffer.allocate(512), null);
        target.next(ScsiCommand.class);
        target.fail(new org.lunbridge.iscsi.transport.ConnectionLostException(
                org.lunbridge.iscsi.transport.ConnectionLostException.Reason.DATA_DIGEST, "DataDigest mismatch"));
        assertEquals(ConnectionLostException.Reason.DIGEST_ERROR,
                assertInstanceOf(ConnectionLostException.class, failure(f)).reason());
        assertEquals(1, session.unacknowledgedTasks().size());
        assertTrue(session.unacknowledgedTasks().get(0).dataIn().isPresent());
    }

    @Test
    void givenMalformedPdu_whenReceiving_thenProtocolViolation() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        target.next(ScsiCommand.class);
        target.fail(new org.lunbridge.iscsi.pdu.PduFormatException("opcode: 0x3b (reserved)"));
        assertEquals(ConnectionLostException.Reason.PROTOCOL_VIOLATION,
                assertInstanceOf(ConnectionLostException.class, failure(f)).reason());
    }

    @Test
    void givenDataInForWriteTask_whenReceived_thenProtocolViolation() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, WRITE16, null, ByteBuffer.allocate(512));
        ScsiCommand c = target.next(ScsiCommand.class);
        target.reply(DataIn.data(false, Lun.ZERO, c.itt(), 2, 10, 0, 0, ByteBuffer.allocate(512)));
        assertEquals(ConnectionLostException.Reason.PROTOCOL_VIOLATION,
                assertInstanceOf(ConnectionLostException.class, failure(f)).reason());
    }

    @Test
    void givenOverflowInPhaseCollapsedStatus_whenReceived_thenOutcomeSaysOverflow() throws Exception {
        start(1, 10);
        ByteBuffer dst = ByteBuffer.allocate(512);
        CompletableFuture<ScsiOutcome> f = session.execute(0, READ16, dst, null);
        ScsiCommand c = target.next(ScsiCommand.class);
        target.reply(new DataIn(true, false, true, false, true, 0, Lun.ZERO, c.itt(), IscsiConstants.RESERVED_TAG, 1,
                2, 10, 0, 0, 512, ByteBuffer.allocate(512)));
        ScsiOutcome o = await(f);
        assertTrue(o.overflow());
        assertEquals(512, o.residualCount());
        assertEquals(512, o.transferred(512));
    }

    @Test
    void givenScsiAsyncEventWithSense_whenReceived_thenSurfacedWithSense() throws Exception {
        start(1, 10);
        // SenseLength 18 + fixed sense UNIT ATTENTION 0x2a/0x09 (capacity data has changed).
        ByteBuffer data = ByteBuffer.allocate(20).putShort((short) 18).put((byte) 0x70).put((byte) 0)
                .put((byte) 6);
        data.put(9, (byte) 10).put(14, (byte) 0x2a).put(15, (byte) 0x09).rewind();
        target.reply(new AsyncMessage(Lun.of(3), 1, 1, 10, IscsiConstants.ASYNC_SCSI_EVENT, 0, 0, 0, 0, data));
        target.reply(new AsyncMessage(Lun.ZERO, 2, 1, 10, IscsiConstants.ASYNC_PARAMETER_NEGOTIATION, 0, 0, 0, 0,
                null));
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x2, 3, 1, 10, null));
        target.next(NopOut.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (events.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(2, events.size());
        AsyncEvent e = events.get(0);
        assertEquals(3, e.lun());
        assertEquals(6, e.sense().orElseThrow().senseKey());
        assertEquals(0x2a, e.sense().orElseThrow().asc());
        assertEquals(ConnectionState.UP, session.state(), "renegotiation requests are ignored, not fatal");
        assertFalse(session.stats().asyncMessages() < 2);
    }
}
