package org.lunbridge.iscsi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.iscsi.session.IscsiSessionDataTest.READ16;
import static org.lunbridge.iscsi.session.IscsiSessionDataTest.await;
import static org.lunbridge.iscsi.session.IscsiSessionDataTest.failure;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.pdu.AsyncMessage;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.LogoutRequest;
import org.lunbridge.iscsi.pdu.LogoutResponse;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.NopIn;
import org.lunbridge.iscsi.pdu.NopOut;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.Reject;
import org.lunbridge.iscsi.pdu.ScsiCommand;
import org.lunbridge.iscsi.pdu.ScsiResponse;
import org.lunbridge.iscsi.pdu.TaskManagementRequest;
import org.lunbridge.iscsi.pdu.TaskManagementResponse;

/** CmdSN window, ITTs, TMF, NOP, async events, connection loss and logout over a scripted target. */
@org.junit.jupiter.api.Timeout(60)
class IscsiSessionControlTest {

    final FakeTarget target = new FakeTarget();
    final List<ConnectionLostException> losses = new CopyOnWriteArrayList<>();
    final List<AsyncEvent> events = new CopyOnWriteArrayList<>();
    IscsiSession session;

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.connectionLost(ConnectionLostException.Reason.CLOSED, "test over", null);
        }
    }

    private IscsiSession start(int cmdSn, int maxCmdSn, SessionConfig config) {
        session = target.start(FakeTarget.Params.defaults(), cmdSn, maxCmdSn, config);
        session.addListener(new SessionListener() {
            @Override
            public void connectionLost(ConnectionLostException cause) {
                losses.add(cause);
            }

            @Override
            public void asyncEvent(AsyncEvent event) {
                events.add(event);
            }
        });
        return session;
    }

    private IscsiSession start(int cmdSn, int maxCmdSn) {
        return start(cmdSn, maxCmdSn, SessionConfig.defaults().withTickMillis(0));
    }

    @Test
    void givenWindowOfTwo_whenFourCommandsSubmitted_thenTwoQueuedUntilMaxCmdSnGrows() throws Exception {
        start(5, 6);
        List<CompletableFuture<ScsiOutcome>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fs.add(session.execute(0, new byte[] {0}, null, null));
        }
        ScsiCommand c5 = target.next(ScsiCommand.class);
        ScsiCommand c6 = target.next(ScsiCommand.class);
        assertEquals(5, c5.cmdSn());
        assertEquals(6, c6.cmdSn());
        target.assertNothingSent();
        // §4.2.2.1: a MaxCmdSN < ExpCmdSN - 1 update is ignored, so this must not open the window.
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x77, 1, 9, 3, null));
        assertEquals(0x77, target.next(NopOut.class).ttt());
        target.assertNothingSent();
        target.reply(ScsiResponse.completed(0, c5.itt(), 1, 6, 8, null));
        assertEquals(7, target.next(ScsiCommand.class).cmdSn());
        assertEquals(8, target.next(ScsiCommand.class).cmdSn());
        assertInstanceOf(ScsiOutcome.Good.class, await(fs.get(0)));
        assertFalse(fs.get(1).isDone());
    }

    @Test
    void givenCmdSnNearWrap_whenCommandsSent_thenSerialArithmeticCarriesAcross2Pow32() throws Exception {
        start(0xfffffffe, 1);
        for (int i = 0; i < 5; i++) {
            session.execute(0, new byte[] {0}, null, null);
        }
        int[] expected = {0xfffffffe, 0xffffffff, 0, 1};
        for (int sn : expected) {
            assertEquals(sn, target.next(ScsiCommand.class).cmdSn());
        }
        target.assertNothingSent();
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x1, 1, 0, 2, null));
        target.next(NopOut.class);
        assertEquals(2, target.next(ScsiCommand.class).cmdSn());
    }

    @Test
    void givenFullQueue_whenSubmitting_thenCallerBlocksUntilWindowOpens() throws Exception {
        start(1, 0, SessionConfig.defaults().withTickMillis(0).withMaxQueuedCommands(2));
        session.execute(0, new byte[] {0}, null, null);
        session.execute(0, new byte[] {0}, null, null);
        CompletableFuture<CompletableFuture<ScsiOutcome>> third = CompletableFuture.supplyAsync(
                () -> session.execute(0, new byte[] {0}, null, null));
        assertFalse(waitDone(third, 200), "third submitter must block: queue full, window closed");
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x1, 1, 1, 5, null));
        assertTrue(waitDone(third, 5000));
    }

    @Test
    void givenFullQueue_whenCompletionCallbackResubmits_thenReaderDoesNotBlock() throws Exception {
        start(1, 1, SessionConfig.defaults().withTickMillis(0).withMaxQueuedCommands(1));
        CompletableFuture<ScsiOutcome> first = session.execute(0, new byte[] {0}, null, null);
        session.execute(0, new byte[] {0}, null, null);
        ScsiCommand c1 = target.next(ScsiCommand.class);
        // Runs on the reader thread while the queue is full: must not wait for space.
        CompletableFuture<ScsiOutcome> chained = first.thenCompose(o -> session.execute(0, new byte[] {0}, null,
                null));
        target.reply(ScsiResponse.completed(0, c1.itt(), 1, 2, 1, null));
        // Poll, don't get(): a thread waiting in get() may run the dependent stage itself (CompletableFuture's
        // postComplete), and that stage's execute() would then block this test thread on the full queue.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!first.isDone()) {
            assertTrue(System.nanoTime() < deadline, "first command never completed");
            Thread.sleep(1);
        }
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x4, 2, 2, 10, null));
        target.next(NopOut.class);
        assertEquals(2, target.next(ScsiCommand.class).cmdSn());
        ScsiCommand c3 = target.next(ScsiCommand.class);
        assertEquals(3, c3.cmdSn());
        target.reply(ScsiResponse.completed(0, c3.itt(), 2, 4, 10, null));
        await(chained);
    }

    private static boolean waitDone(CompletableFuture<?> f, long millis) {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void givenManyCommands_whenOutstanding_thenIttsUniqueAndNeverReserved() throws Exception {
        start(1, 1000);
        Set<Integer> itts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            session.execute(0, new byte[] {0}, null, null);
            int itt = target.next(ScsiCommand.class).itt();
            assertNotEquals(IscsiConstants.RESERVED_TAG, itt);
            assertTrue(itts.add(itt), "ITT reused while outstanding");
        }
    }

    @Test
    void givenAbortedTask_whenLateResponseArrives_thenDroppedAndCompletedOnce() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, READ16, ByteBuffer.allocate(512), null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        CompletableFuture<Integer> abort = session.abortTask(f);
        TaskManagementRequest tmf = target.next(TaskManagementRequest.class);
        assertEquals(IscsiConstants.TMF_ABORT_TASK, tmf.function());
        assertEquals(cmd.itt(), tmf.referencedTaskTag());
        assertEquals(cmd.cmdSn(), tmf.refCmdSn());
        assertTrue(tmf.immediate());
        target.reply(new TaskManagementResponse(0, tmf.itt(), 1, 2, 10));
        assertEquals(0, abort.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TaskAbortedException.class, failure(f));
        target.reply(ScsiResponse.completed(0, cmd.itt(), 2, 2, 10, null));
        // A following command proves the late response was processed (dropped) without harm.
        CompletableFuture<ScsiOutcome> g = session.execute(0, new byte[] {0}, null, null);
        ScsiCommand next = target.next(ScsiCommand.class);
        target.reply(ScsiResponse.completed(0, next.itt(), 3, 3, 10, null));
        await(g);
        assertEquals(1, session.stats().lateResponsesDropped());
        assertEquals(ConnectionState.UP, session.state());
    }

    @Test
    void givenTmfOutstanding_whenSecondRequested_thenSentOnlyAfterFirstAnswered() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> onLun2 = session.execute(2, new byte[] {0}, null, null);
        CompletableFuture<ScsiOutcome> onLun3 = session.execute(3, new byte[] {0}, null, null);
        target.next(ScsiCommand.class);
        target.next(ScsiCommand.class);
        CompletableFuture<Integer> reset = session.taskManagement(IscsiConstants.TMF_LOGICAL_UNIT_RESET, 2);
        CompletableFuture<Integer> set = session.taskManagement(IscsiConstants.TMF_ABORT_TASK_SET, 3);
        TaskManagementRequest first = target.next(TaskManagementRequest.class);
        assertEquals(IscsiConstants.TMF_LOGICAL_UNIT_RESET, first.function());
        target.assertNothingSent();
        target.reply(new TaskManagementResponse(0, first.itt(), 1, 3, 10));
        assertEquals(0, reset.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TaskAbortedException.class, failure(onLun2));
        assertFalse(onLun3.isDone(), "a LUN reset of LUN 2 leaves LUN 3 alone");
        TaskManagementRequest second = target.next(TaskManagementRequest.class);
        assertEquals(IscsiConstants.TMF_ABORT_TASK_SET, second.function());
        target.reply(new TaskManagementResponse(IscsiConstants.TMF_RESPONSE_NOT_SUPPORTED, second.itt(), 2, 3, 10));
        assertInstanceOf(TaskManagementException.class, failure(set));
        assertFalse(onLun3.isDone());
    }

    @Test
    void givenTargetPing_whenReceived_thenAnsweredWithItsTagAndData() throws Exception {
        start(4, 10);
        target.reply(new NopIn(Lun.of(1), IscsiConstants.RESERVED_TAG, 0xabc, 1, 4, 10, null));
        NopOut answer = target.next(NopOut.class);
        assertEquals(0xabc, answer.ttt());
        assertEquals(IscsiConstants.RESERVED_TAG, answer.itt());
        assertTrue(answer.immediate());
        assertEquals(4, answer.cmdSn(), "immediate: carries but does not take CmdSN");
        assertEquals(1, answer.lun().number(), "LUN copied from the ping (§11.18.4)");
    }

    @Test
    void givenIdleConnection_whenIntervalPasses_thenPingedAndAnswerKeepsItUp() throws Exception {
        start(1, 10);
        session.tick();
        target.assertNothingSent();
        target.advanceMillis(5000);
        session.tick();
        NopOut ping = target.next(NopOut.class);
        assertNotEquals(IscsiConstants.RESERVED_TAG, ping.itt());
        target.reply(new NopIn(Lun.ZERO, ping.itt(), IscsiConstants.RESERVED_TAG, 1, 1, 10, null));
        // Wait for the reader to consume the answer: a target ping's answer proves ordering.
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x5, 2, 1, 10, null));
        target.next(NopOut.class);
        target.advanceMillis(4999);
        session.tick();
        assertEquals(ConnectionState.UP, session.state());
        assertTrue(losses.isEmpty());
    }

    @Test
    void givenPingUnanswered_whenTimeoutPasses_thenConnectionLostOnceWithNopTimeout() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        target.next(ScsiCommand.class);
        target.advanceMillis(5000);
        session.tick();
        target.next(NopOut.class);
        target.advanceMillis(4999);
        session.tick();
        assertEquals(ConnectionState.UP, session.state());
        target.advanceMillis(1);
        session.tick();
        session.tick();
        assertEquals(ConnectionLostException.Reason.NOP_TIMEOUT,
                assertInstanceOf(ConnectionLostException.class, failure(f)).reason());
        assertEquals(1, losses.size());
        assertEquals(1, session.stats().nopTimeouts());
    }

    @Test
    void givenOutstandingTasks_whenTargetCloses_thenAllFailTypedAndListenerToldOnce() throws Exception {
        start(1, 10);
        List<CompletableFuture<ScsiOutcome>> fs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(session.execute(0, READ16, ByteBuffer.allocate(512), null));
            target.next(ScsiCommand.class);
        }
        fs.add(session.execute(0, READ16, ByteBuffer.allocate(512), null));
        target.next(ScsiCommand.class);
        target.dropConnection();
        for (CompletableFuture<ScsiOutcome> f : fs) {
            assertEquals(ConnectionLostException.Reason.TARGET_DROPPED,
                    assertInstanceOf(ConnectionLostException.class, failure(f)).reason());
        }
        session.connectionLost(ConnectionLostException.Reason.CLOSED, "again", null);
        assertEquals(1, losses.size());
        List<ScsiTaskInfo> lost = session.unacknowledgedTasks();
        assertEquals(List.of(1, 2, 3, 4), lost.stream().map(ScsiTaskInfo::cmdSn).toList());
        assertInstanceOf(SessionClosedException.class, failure(session.execute(0, new byte[] {0}, null, null)));
    }

    @Test
    void givenLogout_whenTargetAnswers_thenSessionDown() throws Exception {
        start(1, 10);
        CompletableFuture<Void> done = session.logout();
        LogoutRequest request = target.next(LogoutRequest.class);
        assertEquals(IscsiConstants.LOGOUT_CLOSE_SESSION, request.reasonCode());
        target.reply(new LogoutResponse(0, request.itt(), 1, 1, 10, 0, 0));
        done.get(5, TimeUnit.SECONDS);
        assertEquals(ConnectionState.DOWN, session.state());
        assertTrue(target.closed);
    }

    @Test
    void givenOutstandingCommand_whenClosed_thenItFinishesBeforeLogout() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        ScsiCommand c = target.next(ScsiCommand.class);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(session::close);
        target.assertNothingSent();
        assertFalse(closed.isDone());
        target.reply(ScsiResponse.completed(0, c.itt(), 1, 2, 10, null));
        assertInstanceOf(ScsiOutcome.Good.class, await(f));
        LogoutRequest request = target.next(LogoutRequest.class);
        target.reply(new LogoutResponse(0, request.itt(), 2, 2, 10, 0, 0));
        closed.get(5, TimeUnit.SECONDS);
        assertEquals(ConnectionState.DOWN, session.state());
        assertTrue(losses.size() == 1 && losses.get(0).reason() == ConnectionLostException.Reason.CLOSED);
    }

    @Test
    void givenLogoutUnanswered_whenTimeoutPasses_thenClosedAnyway() throws Exception {
        start(1, 10);
        CompletableFuture<Void> done = session.logout();
        target.next(LogoutRequest.class);
        target.advanceMillis(15000);
        session.tick();
        assertInstanceOf(ConnectionLostException.class, failure(done));
        assertEquals(ConnectionState.DOWN, session.state());
    }

    @Test
    void givenRejectOfCommand_whenReceived_thenTaskFailsWithReason() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        ByteBuffer header = PduEncoder.encodeHeader(cmd);
        target.reply(new Reject(IscsiConstants.REJECT_INVALID_PDU_FIELD, 1, 1, 10, 0, header));
        TaskRejectedException e = assertInstanceOf(TaskRejectedException.class, failure(f));
        assertEquals(IscsiConstants.REJECT_INVALID_PDU_FIELD, e.reason());
        assertEquals(ConnectionState.UP, session.state());
    }

    @Test
    void givenAsyncLogoutRequested_whenReceived_thenEventSurfacedAndLogoutSent() throws Exception {
        start(1, 10);
        target.reply(new AsyncMessage(Lun.ZERO, 1, 1, 10, IscsiConstants.ASYNC_LOGOUT_REQUESTED, 0, 0, 0, 10, null));
        LogoutRequest request = target.next(LogoutRequest.class);
        assertEquals(IscsiConstants.ASYNC_LOGOUT_REQUESTED, events.get(0).asyncEvent());
        assertEquals(10, events.get(0).parameter3());
        target.reply(new LogoutResponse(0, request.itt(), 2, 1, 10, 0, 0));
        failure(session.execute(0, new byte[] {0}, null, null));
    }

    @Test
    void givenAsyncLogoutRequestedWithTaskOutstanding_whenTaskCompletes_thenLogoutSentAndNewCommandsRefused()
            throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        ScsiCommand c = target.next(ScsiCommand.class);
        target.reply(new AsyncMessage(Lun.ZERO, 1, 1, 10, IscsiConstants.ASYNC_LOGOUT_REQUESTED, 0, 0, 0, 30, null));
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x3, 2, 1, 10, null));
        target.next(NopOut.class);
        target.assertNothingSent();
        assertInstanceOf(SessionClosedException.class, failure(session.execute(0, new byte[] {0}, null, null)));
        target.reply(ScsiResponse.completed(0, c.itt(), 2, 2, 10, null));
        assertInstanceOf(ScsiOutcome.Good.class, await(f));
        LogoutRequest request = target.next(LogoutRequest.class);
        target.reply(new LogoutResponse(0, request.itt(), 3, 2, 10, 0, 0));
    }

    @Test
    void givenAsyncLogoutRequestedAndTaskStuck_whenDeadlinePasses_thenLogoutSent() throws Exception {
        start(1, 10);
        session.execute(0, new byte[] {0}, null, null);
        target.next(ScsiCommand.class);
        target.reply(new AsyncMessage(Lun.ZERO, 1, 1, 10, IscsiConstants.ASYNC_LOGOUT_REQUESTED, 0, 0, 0, 2, null));
        target.reply(new NopIn(Lun.ZERO, IscsiConstants.RESERVED_TAG, 0x3, 2, 1, 10, null));
        target.next(NopOut.class);
        target.advanceMillis(1999);
        session.tick();
        target.assertNothingSent();
        target.advanceMillis(1);
        session.tick();
        target.next(LogoutRequest.class);
    }

    @Test
    void givenAsyncConnectionDrop_whenReceived_thenConnectionLostTyped() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        target.next(ScsiCommand.class);
        target.reply(new AsyncMessage(Lun.ZERO, 1, 1, 10, IscsiConstants.ASYNC_CONNECTION_DROP, 0, 0, 2, 0, null));
        assertEquals(ConnectionLostException.Reason.TARGET_DROPPED,
                assertInstanceOf(ConnectionLostException.class, failure(f)).reason());
        assertEquals(1, losses.size());
    }

    @Test
    void givenStatusResponses_whenSendingNext_thenExpStatSnAcknowledges() throws Exception {
        start(1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        ScsiCommand c = target.next(ScsiCommand.class);
        assertEquals(1, c.expStatSn());
        target.reply(ScsiResponse.completed(0, c.itt(), 1, 2, 10, null));
        await(f);
        session.execute(0, new byte[] {0}, null, null);
        assertEquals(2, target.next(ScsiCommand.class).expStatSn());
    }
}
