package org.lunbridge.iscsi.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.pdu.DataIn;
import org.lunbridge.iscsi.pdu.DataOut;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.R2t;
import org.lunbridge.iscsi.pdu.ScsiCommand;
import org.lunbridge.iscsi.pdu.ScsiResponse;

/** SCSI command execution over a scripted target: Data-In, R2T/Data-Out, status, sense, residuals. */
class IscsiSessionDataTest {

    static final byte[] READ16 = {(byte) 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0};
    static final byte[] WRITE16 = {(byte) 0x8a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0};

    final FakeTarget target = new FakeTarget();
    IscsiSession session;
    int statSn = 1;

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.connectionLost(ConnectionLostException.Reason.CLOSED, "test over", null);
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static ScsiOutcome await(CompletableFuture<ScsiOutcome> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + f.get());
    }

    @Test
    void givenReadInThreeDataInWithPhaseCollapsedStatus_whenExecuted_thenBufferFilledAndGood() throws Exception {
        session = target.start(FakeTarget.Params.defaults(), 10, 20);
        byte[] disk = random(3000, 1);
        ByteBuffer dst = ByteBuffer.allocate(3000);
        CompletableFuture<ScsiOutcome> f = session.execute(0, READ16, dst, null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        assertTrue(cmd.read());
        assertEquals(3000, cmd.expectedDataTransferLength());
        assertEquals(10, cmd.cmdSn());
        target.reply(DataIn.data(false, Lun.ZERO, cmd.itt(), 11, 21, 0, 0, ByteBuffer.wrap(disk, 0, 1000)));
        target.reply(DataIn.data(false, Lun.ZERO, cmd.itt(), 11, 21, 1, 1000, ByteBuffer.wrap(disk, 1000, 1000)));
        target.reply(new DataIn(true, false, false, false, true, 0, Lun.ZERO, cmd.itt(), IscsiConstants.RESERVED_TAG,
                statSn, 11, 21, 2, 2000, 0, ByteBuffer.wrap(disk, 2000, 1000)));
        assertInstanceOf(ScsiOutcome.Good.class, await(f));
        assertArrayEquals(disk, dst.array());
        assertEquals(0, dst.position(), "the caller's buffer position is not moved");
        assertEquals(3, session.stats().dataInPdus());
    }

    @Test
    void givenDataInWithDataSnGap_whenReceived_thenConnectionLostAndTaskFailsTyped() throws Exception {
        session = target.start(FakeTarget.Params.defaults(), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, READ16, ByteBuffer.allocate(2048), null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        target.reply(DataIn.data(false, Lun.ZERO, cmd.itt(), 2, 10, 1, 0, ByteBuffer.allocate(1024)));
        ConnectionLostException e = assertInstanceOf(ConnectionLostException.class, failure(f));
        assertEquals(ConnectionLostException.Reason.PROTOCOL_VIOLATION, e.reason());
        assertTrue(e.getMessage().contains("DataSN 1 (expected: 0)"), e.getMessage());
    }

    @Test
    void givenDataInBeyondTaskBuffer_whenReceived_thenProtocolViolation() throws Exception {
        session = target.start(FakeTarget.Params.defaults(), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, READ16, ByteBuffer.allocate(1024), null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        target.reply(DataIn.data(false, Lun.ZERO, cmd.itt(), 2, 10, 0, 512, ByteBuffer.allocate(1024)));
        assertEquals(ConnectionLostException.Reason.PROTOCOL_VIOLATION,
                assertInstanceOf(ConnectionLostException.class, failure(f)).reason());
    }

    @Test
    void givenGoodStatusWithoutAllData_whenReceived_thenNotASilentSuccess() throws Exception {
        session = target.start(FakeTarget.Params.defaults(), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, READ16, ByteBuffer.allocate(1024), null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        target.reply(DataIn.data(false, Lun.ZERO, cmd.itt(), 2, 10, 0, 0, ByteBuffer.allocate(512)));
        target.reply(ScsiResponse.completed(0, cmd.itt(), statSn, 2, 10, null));
        assertInstanceOf(ConnectionLostException.class, failure(f));
    }

    @Test
    void givenUnderflowResidual_whenResponded_thenOutcomeCarriesResidual() throws Exception {
        session = target.start(FakeTarget.Params.defaults(), 1, 10);
        ByteBuffer dst = ByteBuffer.allocate(1024);
        CompletableFuture<ScsiOutcome> f = session.execute(0, READ16, dst, null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        target.reply(DataIn.data(false, Lun.ZERO, cmd.itt(), 2, 10, 0, 0, ByteBuffer.allocate(256)));
        target.reply(new ScsiResponse(false, false, false, true, 0, 0, cmd.itt(), 0, statSn, 2, 10, 1, 0, 768,
                null));
        ScsiOutcome o = await(f);
        assertTrue(o.underflow());
        assertEquals(768, o.residualCount());
        assertEquals(256, o.transferred(1024));
    }

    @Test
    void givenCheckConditionWithSense_whenResponded_thenTypedOutcomeWithSenseKey() throws Exception {
        session = target.start(FakeTarget.Params.defaults(), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(3, READ16, ByteBuffer.allocate(512), null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        assertEquals(3, cmd.lun().number());
        // SenseLength 18 + fixed-format sense: MEDIUM ERROR (3), ASC/ASCQ 0x11/0x00 unrecovered read error.
        ByteBuffer data = ByteBuffer.allocate(20).putShort((short) 18).put((byte) 0x70).put((byte) 0).put((byte) 3);
        data.put(14, (byte) 0x11).put(15, (byte) 0).put(9, (byte) 10).rewind();
        target.reply(ScsiResponse.completed(2, cmd.itt(), statSn, 2, 10, data));
        ScsiOutcome.CheckCondition cc = assertInstanceOf(ScsiOutcome.CheckCondition.class, await(f));
        assertEquals(3, cc.sense().orElseThrow().senseKey());
        assertEquals(0x11, cc.sense().orElseThrow().asc());
    }

    @Test
    void givenBusyStatus_whenResponded_thenOtherStatus() throws Exception {
        session = target.start(FakeTarget.Params.defaults(), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        target.reply(ScsiResponse.completed(0x08, cmd.itt(), statSn, 2, 10, null));
        assertEquals(0x08, assertInstanceOf(ScsiOutcome.OtherStatus.class, await(f)).status());
    }

    @Test
    void givenTargetFailureResponse_whenResponded_thenTaskRejectedTyped() throws Exception {
        session = target.start(FakeTarget.Params.defaults(), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, new byte[] {0}, null, null);
        ScsiCommand cmd = target.next(ScsiCommand.class);
        target.reply(new ScsiResponse(false, false, false, false, 1, 0, cmd.itt(), 0, statSn, 2, 10, 0, 0, 0, null));
        assertInstanceOf(TaskRejectedException.class, failure(f));
    }

    @Test
    void givenImmediateAndUnsolicitedAndTwoR2ts_whenWriting_thenEveryByteSentOnceInOrder() throws Exception {
        // FirstBurst 16 KiB, target MRDSL 4 KiB: 4 KiB immediate, 12 KiB unsolicited in 3 PDUs, rest by R2T.
        session = target.start(new FakeTarget.Params(true, false, 16384, 20000, 4096, 2), 1, 10);
        byte[] src = random(50000, 2);
        CompletableFuture<ScsiOutcome> f = session.execute(0, WRITE16, null, ByteBuffer.wrap(src));
        byte[] seen = new byte[src.length];
        ScsiCommand cmd = target.next(ScsiCommand.class);
        assertTrue(cmd.write());
        assertFalse(cmd.finalFlag(), "F=0: unsolicited Data-Out follows");
        assertEquals(4096, cmd.data().remaining());
        cmd.data().get(0, seen, 0, 4096);
        for (int i = 0; i < 3; i++) {
            DataOut d = target.next(DataOut.class);
            assertEquals(IscsiConstants.RESERVED_TAG, d.ttt());
            assertEquals(i, d.dataSn());
            assertEquals(4096 + i * 4096, d.bufferOffset());
            assertEquals(i == 2, d.finalFlag());
            d.data().get(0, seen, d.bufferOffset(), d.data().remaining());
        }
        // Two R2Ts outstanding at once (MaxOutstandingR2T 2), each ≤ MaxBurstLength.
        target.reply(new R2t(Lun.ZERO, cmd.itt(), 0x100, statSn, 2, 10, 0, 16384, 20000));
        target.reply(new R2t(Lun.ZERO, cmd.itt(), 0x101, statSn, 2, 10, 1, 36384, 13616));
        int[] expectedPdus = {5, 4};
        for (int r = 0; r < 2; r++) {
            int done = 0;
            for (int i = 0; i < expectedPdus[r]; i++) {
                DataOut d = target.next(DataOut.class);
                assertEquals(0x100 + r, d.ttt());
                assertEquals(i, d.dataSn(), "DataSN restarts per R2T (RFC 7143 §11.7.4)");
                assertTrue(d.data().remaining() <= 4096);
                assertEquals(i == expectedPdus[r] - 1, d.finalFlag());
                d.data().get(0, seen, d.bufferOffset(), d.data().remaining());
                done += d.data().remaining();
            }
            assertEquals(r == 0 ? 20000 : 13616, done);
        }
        target.reply(ScsiResponse.completed(0, cmd.itt(), statSn, 2, 10, null));
        assertInstanceOf(ScsiOutcome.Good.class, await(f));
        assertArrayEquals(src, seen);
        target.assertNothingSent();
    }

    @Test
    void givenInitialR2tAndNoImmediateData_whenWriting_thenNothingUnsolicited() throws Exception {
        session = target.start(new FakeTarget.Params(false, true, 65536, 262144, 8192, 1), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, WRITE16, null, ByteBuffer.wrap(random(1000, 3)));
        ScsiCommand cmd = target.next(ScsiCommand.class);
        assertTrue(cmd.finalFlag());
        assertEquals(0, cmd.data().remaining());
        target.assertNothingSent();
        target.reply(new R2t(Lun.ZERO, cmd.itt(), 7, statSn, 2, 10, 0, 0, 1000));
        DataOut d = target.next(DataOut.class);
        assertTrue(d.finalFlag());
        assertEquals(1000, d.data().remaining());
        target.reply(ScsiResponse.completed(0, cmd.itt(), statSn, 2, 10, null));
        assertInstanceOf(ScsiOutcome.Good.class, await(f));
    }

    @Test
    void givenR2tBeyondBuffer_whenReceived_thenProtocolViolation() throws Exception {
        session = target.start(new FakeTarget.Params(false, true, 65536, 262144, 8192, 1), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, WRITE16, null, ByteBuffer.allocate(1000));
        ScsiCommand cmd = target.next(ScsiCommand.class);
        target.reply(new R2t(Lun.ZERO, cmd.itt(), 7, statSn, 2, 10, 0, 512, 1000));
        assertEquals(ConnectionLostException.Reason.PROTOCOL_VIOLATION,
                assertInstanceOf(ConnectionLostException.class, failure(f)).reason());
    }

    @Test
    void givenR2tSnOutOfOrder_whenReceived_thenProtocolViolation() throws Exception {
        session = target.start(new FakeTarget.Params(false, true, 65536, 262144, 8192, 1), 1, 10);
        CompletableFuture<ScsiOutcome> f = session.execute(0, WRITE16, null, ByteBuffer.allocate(1000));
        ScsiCommand cmd = target.next(ScsiCommand.class);
        target.reply(new R2t(Lun.ZERO, cmd.itt(), 7, statSn, 2, 10, 1, 0, 1000));
        assertInstanceOf(ConnectionLostException.class, failure(f));
    }
}
