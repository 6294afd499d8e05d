package org.lunbridge.iscsi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.pdu.DataOut;
import org.lunbridge.iscsi.pdu.Lun;

/** Pure parts: window, planner, NOP keeper, state tables, task table. */
class SessionPrimitivesTest {

    @Test
    void givenWindowAtMaxCmdSn_whenTaking_thenClosedUntilUpdate() {
        CmdSnWindow w = new CmdSnWindow(7, 7, 8);
        assertEquals(7, w.take());
        assertEquals(8, w.take());
        assertFalse(w.isOpen());
        assertThrows(IllegalStateException.class, w::take);
        assertEquals(9, w.peek());
        assertFalse(w.update(9, 7), "MaxCmdSN < ExpCmdSN - 1 is ignored (RFC 7143 §4.2.2.1)");
        assertTrue(w.update(9, 9));
        assertEquals(9, w.take());
    }

    @Test
    void givenWindowAcrossWrap_whenTaking_thenSerialComparison() {
        CmdSnWindow w = new CmdSnWindow(0xffffffff, 0xffffffff, 1);
        assertEquals(0xffffffff, w.take());
        assertEquals(0, w.take());
        assertEquals(1, w.take());
        assertFalse(w.isOpen());
        assertFalse(w.update(0xfffffff0, 0xfffffff5), "an older window never moves it backwards");
        assertEquals(1, w.maxCmdSn());
    }

    @Test
    void givenImmediateAndFirstBurst_whenPlanned_thenBoundsRespected() {
        DataOutPlanner p = new DataOutPlanner(true, false, 10000, 20000, 4096);
        assertEquals(4096, p.immediateLength(100000));
        assertEquals(10000, p.unsolicitedEnd(100000));
        assertEquals(300, p.immediateLength(300));
        assertFalse(p.hasUnsolicitedDataOut(300));
        List<DataOut> u = p.unsolicited(Lun.ZERO, 1, 5, ByteBuffer.allocate(100000));
        assertEquals(List.of(4096, 8192), u.stream().map(DataOut::bufferOffset).toList());
        assertEquals(10000 - 4096, u.stream().mapToInt(d -> d.data().remaining()).sum());
        assertTrue(u.get(1).finalFlag());
        assertFalse(u.get(0).finalFlag());
        DataOutPlanner noUnsolicited = new DataOutPlanner(false, true, 10000, 20000, 4096);
        assertEquals(0, noUnsolicited.unsolicitedEnd(100000));
        assertFalse(noUnsolicited.hasUnsolicitedDataOut(100000));
    }

    @Test
    void givenR2tAboveMaxBurst_whenPlanned_thenRejected() {
        DataOutPlanner p = new DataOutPlanner(false, true, 8192, 8192, 8192);
        assertThrows(IllegalArgumentException.class,
                () -> p.solicited(Lun.ZERO, 1, 2, 3, ByteBuffer.allocate(100000), 0, 8193));
        assertThrows(IllegalArgumentException.class,
                () -> p.solicited(Lun.ZERO, 1, 2, 3, ByteBuffer.allocate(1000), 0xfffffff0, 100));
    }

    @Test
    void givenSourceWithPosition_whenSliced_thenOffsetsRelativeToPosition() {
        ByteBuffer src = ByteBuffer.allocate(200);
        for (int i = 0; i < 200; i++) {
            src.put(i, (byte) i);
        }
        src.position(100);
        DataOutPlanner p = new DataOutPlanner(false, true, 512, 512, 512);
        DataOut d = p.solicited(Lun.ZERO, 1, 2, 3, src, 10, 5).get(0);
        assertEquals(110, d.data().get(0) & 0xff);
    }

    @Test
    void givenNopKeeper_whenTimePasses_thenPingThenTimeout() {
        NopKeeper k = new NopKeeper(5, 5, 0);
        assertEquals(NopKeeper.Action.NONE, k.tick(4));
        assertEquals(NopKeeper.Action.SEND_PING, k.tick(5));
        k.pingSent(42, 5);
        assertEquals(NopKeeper.Action.NONE, k.tick(9));
        assertEquals(NopKeeper.Action.TIMED_OUT, k.tick(10));
        assertFalse(k.onPingAnswer(41));
        assertTrue(k.onPingAnswer(42));
        k.onReceive(10);
        assertEquals(NopKeeper.Action.NONE, k.tick(14));
    }

    @Test
    void givenStateTables_whenWalked_thenOnlyListedTransitionsAllowed() {
        for (ConnectionState from : ConnectionState.values()) {
            for (ConnectionState to : ConnectionState.values()) {
                if (from.successors().contains(to)) {
                    assertEquals(to, from.checkTransition(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.checkTransition(to));
                }
            }
        }
        for (TaskState from : TaskState.values()) {
            for (TaskState to : TaskState.values()) {
                if (from.successors().contains(to)) {
                    assertEquals(to, from.checkTransition(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.checkTransition(to));
                }
            }
            assertEquals(from.terminal(), from.successors().isEmpty());
        }
    }

    @Test
    void givenTaskTable_whenAllocatingAcrossReservedTag_thenSkipsItAndBusyTags() {
        TaskTable t = new TaskTable(0xfffffffe);
        Object a = new Object();
        assertEquals(0xfffffffe, t.allocate(a));
        assertEquals(0, t.allocate(a), "0xffffffff is reserved (RFC 7143 §11.2.1.8)");
        assertTrue(t.release(0, a));
        assertFalse(t.release(0, a));
    }

    @Test
    void givenReusedReceiveBuffer_whenAllocating_thenExactLengthAndGrowsForLargeSegments() {
        ReusedReceiveBuffer r = new ReusedReceiveBuffer();
        ByteBuffer small = r.allocate(ByteBuffer.allocate(48), 100);
        assertEquals(0, small.position());
        assertEquals(100, small.remaining());
        ByteBuffer large = r.allocate(ByteBuffer.allocate(48), 262144);
        assertEquals(262144, large.remaining());
        assertTrue(large.isDirect());
        assertTrue(r.allocate(ByteBuffer.allocate(48), 10) == large, "one buffer per connection, reused");
    }

    @Test
    void givenTaskCompleted_whenAbortedAfterwards_thenRefused() {
        ScsiTask task = new ScsiTask(Lun.ZERO, new byte[] {0}, null, null);
        assertTrue(task.moveTo(TaskState.SENT));
        assertTrue(task.moveTo(TaskState.COMPLETED));
        assertFalse(task.moveTo(TaskState.ABORTED));
        assertEquals(TaskState.COMPLETED, task.state);
    }
}
