package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.lunbridge.iscsi.pdu.DataIn;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.NopIn;
import org.lunbridge.iscsi.pdu.NopOut;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.ScsiCommand;
import org.lunbridge.iscsi.pdu.ScsiResponse;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.lunbridge.iscsi.transport.TaskBuffers;
import org.lunbridge.iscsi.transport.TransportOptions;
import org.lunbridge.iscsi.transport.rdma.Verbs.WorkCompletion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IserTransportTest {
    private static final int POOL_SLOT = 64 * 1024;
    private static final byte[] READ_10 = {0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0};
    private static final byte[] WRITE_10 = {0x2a, 0, 0, 0, 0, 0, 0, 0, 32, 0};

    private final FakeVerbs verbs = new FakeVerbs();
    private IserTransport transport;

    @BeforeEach
    void connect() throws Exception {
        IserOptions options = IserOptions.defaults().withQueueDepths(4, 8).withPool(POOL_SLOT, 4);
        ConnectResult result = new IserConnector(() -> verbs, options).connect(IserConnectorTest.PORTAL,
                TransportOptions.defaults());
        transport = (IserTransport) assertInstanceOf(ConnectResult.Connected.class, result).transport();
    }

    @AfterEach
    void close() {
        transport.close();
        assertEquals(List.of(), verbs.violations(), "verbs used on destroyed handles");
    }

    private static ByteBuffer parse(byte[] send, int offset, int length) {
        return ByteBuffer.wrap(send, offset, length).slice();
    }

    @Test
    void givenNopOut_whenSent_thenOneSendWithControlHeaderAndCreditReturned() throws Exception {
        EncodedPdu nop = PduEncoder.encode(NopOut.ping(0x31, 1, 1, ByteBuffer.wrap(new byte[] {9, 8, 7})));
        transport.send(nop);
        FakeVerbs.PostedSend send = verbs.takeSend();
        assertEquals(28 + 48 + 3, send.bytes().length);
        assertEquals(1, send.sgeCount());
        assertArrayEquals(IserCodec.encode(IserHeader.CONTROL), Arrays.copyOf(send.bytes(), 28));
        assertEquals(nop.header(), parse(send.bytes(), 28, 48));
        // The completion is reaped by the next receive, which returns the target's answer.
        verbs.deliver(IserMessagesTest.message(new NopIn(Lun.ZERO, 0x31, 0xffffffff, 1, 2, 3,
                ByteBuffer.wrap(new byte[] {9, 8, 7}))));
        NopIn answer = assertInstanceOf(NopIn.class, transport.receive());
        assertEquals(0x31, answer.itt());
        assertEquals(0, transport.sendsInFlight());
        assertEquals(8, verbs.postedReceives(), "RX descriptor re-posted after the copy");
        assertEquals(1, transport.stats().snapshot().nopOutPdus());
        assertEquals(1, transport.stats().snapshot().nopInPdus());
    }

    @Test
    void givenReadIntoHeapBuffer_whenTargetRdmaWritesAndResponds_thenDataCopiedAndSlotReturned() throws Exception {
        byte[] data = random(4096, 1);
        ByteBuffer readBuffer = ByteBuffer.allocate(4096);
        ScsiCommand read = ScsiCommand.of(org.lunbridge.iscsi.pdu.Lun.ZERO, 0x44, 1, 1, READ_10, true, false, 4096,
                ByteBuffer.allocate(0));
        transport.sendCommand(PduEncoder.encode(read), TaskBuffers.read(0x44, readBuffer));
        IserHeader iser = IserCodec.decode(ByteBuffer.wrap(verbs.takeSend().bytes()));
        assertTrue(iser.readStagValid());
        assertFalse(iser.writeStagValid());
        assertEquals(1, transport.activeTasks());
        verbs.rdmaWrite(iser.readStag(), iser.readBaseOffset(), data);
        verbs.deliver(IserMessagesTest.message(ScsiResponse.completed(0, 0x44, 1, 2, 10, ByteBuffer.allocate(0))));
        assertInstanceOf(ScsiResponse.class, transport.receive());
        assertArrayEquals(data, readBuffer.array(), "the SCSI Response means the data is in place");
        assertEquals(0, readBuffer.position(), "caller's position untouched");
        assertEquals(0, transport.activeTasks());
    }

    @Test
    void givenReadUnderflow_whenResponds_thenOnlyTransferredBytesCopied() throws Exception {
        ByteBuffer readBuffer = ByteBuffer.allocate(4096);
        Arrays.fill(readBuffer.array(), (byte) 0x5a);
        ScsiCommand read = ScsiCommand.of(Lun.ZERO, 0x45, 1, 1, READ_10, true, false, 4096, ByteBuffer.allocate(0));
        transport.sendCommand(PduEncoder.encode(read), TaskBuffers.read(0x45, readBuffer));
        IserHeader iser = IserCodec.decode(ByteBuffer.wrap(verbs.takeSend().bytes()));
        verbs.rdmaWrite(iser.readStag(), iser.readBaseOffset(), random(1024, 2));
        ScsiResponse underflow = new ScsiResponse(false, false, false, true, 0, 0, 0x45, 0, 1, 2, 10, 0, 0, 3072,
                ByteBuffer.allocate(0));
        verbs.deliver(IserMessagesTest.message(underflow));
        transport.receive();
        assertArrayEquals(random(1024, 2), Arrays.copyOf(readBuffer.array(), 1024));
        assertEquals(0x5a, readBuffer.get(1024), "bytes past the residual are not overwritten");
    }

    @Test
    void givenReadIntoRegisteredBuffer_whenSent_thenAdvertisedAsIsWithoutBounce() throws Exception {
        try (RegisteredBuffer registered = transport.borrowBuffer(8192)) {
            ScsiCommand read = ScsiCommand.of(Lun.ZERO, 0x46, 1, 1, READ_10, true, false, 8192,
                    ByteBuffer.allocate(0));
            transport.sendCommand(PduEncoder.encode(read), TaskBuffers.read(0x46, registered.buffer()));
            IserHeader iser = IserCodec.decode(ByteBuffer.wrap(verbs.takeSend().bytes()));
            assertEquals(registered.address(), iser.readBaseOffset(), "zero copy: the caller's registered memory");
            verbs.rdmaWrite(iser.readStag(), iser.readBaseOffset(), random(8192, 3));
            verbs.deliver(IserMessagesTest.message(ScsiResponse.completed(0, 0x46, 1, 2, 10,
                    ByteBuffer.allocate(0))));
            transport.receive();
            byte[] got = new byte[8192];
            registered.buffer().get(0, got);
            assertArrayEquals(random(8192, 3), got);
        }
    }

    @Test
    void givenWriteWithImmediateData_whenSent_thenTwoSgesAndTargetReadsTheRestAfterImmediate() throws Exception {
        byte[] payload = random(16384, 4);
        ByteBuffer write = ByteBuffer.wrap(payload);
        ByteBuffer immediate = ByteBuffer.wrap(payload, 0, 4096).slice();
        ScsiCommand command = new ScsiCommand(false, true, false, true, 1, Lun.ZERO, 0x47, 16384, 1, 1, WRITE_10,
                java.util.OptionalInt.empty(), immediate);
        EncodedPdu encoded = PduEncoder.encode(command);
        transport.sendCommand(encoded, TaskBuffers.write(0x47, write));
        FakeVerbs.PostedSend send = verbs.takeSend();
        assertEquals(2, send.sgeCount(), "headers + immediate data gathered, not copied into the descriptor");
        assertEquals(28 + 48 + 4096, send.bytes().length);
        assertArrayEquals(Arrays.copyOf(payload, 4096), Arrays.copyOfRange(send.bytes(), 76, 76 + 4096));
        IserHeader iser = IserCodec.decode(ByteBuffer.wrap(send.bytes()));
        assertTrue(iser.writeStagValid());
        assertFalse(iser.readStagValid());
        assertArrayEquals(Arrays.copyOfRange(payload, 4096, 16384),
                verbs.rdmaRead(iser.writeStag(), iser.writeBaseOffset(), 12288));
        verbs.deliver(IserMessagesTest.message(ScsiResponse.completed(0, 0x47, 1, 2, 10, ByteBuffer.allocate(0))));
        transport.receive();
        assertEquals(0, transport.activeTasks());
    }

    @Test
    void givenImmediateDataNotMatchingWriteData_whenSent_thenRejectedAndNothingPosted() {
        ScsiCommand command = new ScsiCommand(false, true, false, true, 1, Lun.ZERO, 0x48, 8192, 1, 1, WRITE_10,
                java.util.OptionalInt.empty(), ByteBuffer.wrap(random(512, 5)));
        assertThrows(IllegalArgumentException.class, () -> transport.sendCommand(PduEncoder.encode(command),
                TaskBuffers.write(0x48, ByteBuffer.wrap(random(8192, 6)))));
        assertEquals(0, transport.activeTasks());
        assertEquals(0, transport.sendsInFlight());
    }

    @Test
    void givenQueueDepthReached_whenSending_thenSenderWaitsForASendCompletion() throws Exception {
        verbs.autoCompleteSends = false;
        transport.setSendQueueDepth(2);
        transport.send(nop(1));
        transport.send(nop(2));
        assertEquals(2, transport.sendsInFlight());
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                transport.send(nop(3));
            } catch (ConnectionLostException e) {
                throw new RuntimeException(e);
            }
        });
        verbs.takeSend();
        verbs.takeSend();
        assertThrows(java.util.concurrent.TimeoutException.class, () -> third.get(300, TimeUnit.MILLISECONDS));
        verbs.completeOneSend();
        third.get(5, TimeUnit.SECONDS);
        assertEquals(3, verbs.takeSend().bytes()[28 + 19], "third NOP-Out (ITT 3) went out after a credit came back");
        assertEquals(2, transport.sendsInFlight());
    }

    @Test
    void givenSenderBlockedOnCredits_whenDeviceRemoved_thenSenderFailsAndTeardownIsComplete() throws Exception {
        verbs.autoCompleteSends = false;
        transport.setSendQueueDepth(1);
        transport.send(nop(1));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                transport.send(nop(2));
            } catch (ConnectionLostException e) {
                throw new RuntimeException(e);
            }
        });
        verbs.removeDevice();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(5, TimeUnit.SECONDS));
        ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, e.getCause().getCause());
        assertEquals(Reason.RESET, lost.reason());
        assertEquals(RDMA_CM_EVENT_DEVICE_REMOVAL, ((RdmaCmException) lost.getCause()).event());
        assertEquals(lost, transport.lost().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(IserConnState.DOWN, transport.connectionState());
        assertEquals(List.of(), verbs.liveHandles());
        assertTeardownOrder();
    }

    @Test
    void givenTaskInFlight_whenDeviceRemovedThenTaskReleased_thenSlotsReturnedWithoutVerbs() throws Exception {
        ScsiCommand read = ScsiCommand.of(Lun.ZERO, 0x50, 1, 1, READ_10, true, false, 4096, ByteBuffer.allocate(0));
        transport.sendCommand(PduEncoder.encode(read), TaskBuffers.read(0x50, ByteBuffer.allocate(4096)));
        verbs.removeDevice();
        ConnectionLostException lost = transport.lost().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(Reason.RESET, lost.reason());
        int callsAfterTeardown = verbs.calls().size();
        transport.releaseTask(0x50); // kernel cleanup_task after DEVICE_REMOVAL: bookkeeping only
        assertEquals(0, transport.activeTasks());
        assertEquals(callsAfterTeardown, verbs.calls().size());
        assertThrows(ConnectionLostException.class, () -> transport.send(nop(9)));
        assertThrows(ConnectionLostException.class, () -> transport.borrowBuffer(10));
    }

    @Test
    void givenTargetDisconnects_whenReceiving_thenEofAndPostedReceivesFlushedAndDrained() throws Exception {
        CompletableFuture<TargetPdu> receiver = CompletableFuture.supplyAsync(() -> {
            try {
                return transport.receive();
            } catch (ConnectionLostException e) {
                throw new RuntimeException(e);
            }
        });
        verbs.injectCmEvent(RDMA_CM_EVENT_DISCONNECTED, 0);
        ExecutionException e = assertThrows(ExecutionException.class, () -> receiver.get(5, TimeUnit.SECONDS));
        ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, e.getCause().getCause());
        assertEquals(Reason.EOF, lost.reason());
        assertTrue(lost.getMessage().contains("RDMA_CM_EVENT_DISCONNECTED"), lost.getMessage());
        assertEquals(8, transport.flushedOnTeardown(), "all 8 posted receives flushed and drained");
        assertTeardownOrder();
    }

    @Test
    void givenClosed_whenLateCompletionArrives_thenNoVerbsCallAndReceiveFailsClosed() throws Exception {
        transport.close();
        verbs.injectCompletion(new WorkCompletion(3, IBV_WC_SUCCESS, IBV_WC_RECV, 76, 0));
        ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> transport.receive());
        assertEquals(Reason.CLOSED, e.reason());
        assertEquals(IserConnState.DOWN, transport.connectionState());
        transport.close(); // idempotent
    }

    @Test
    void givenSendCompletesWithError_whenPolled_thenConnectionResetWithStatusName() throws Exception {
        verbs.autoCompleteSends = false;
        transport.send(nop(1));
        FakeVerbs.PostedSend send = verbs.takeSend();
        verbs.injectCompletion(new WorkCompletion(send.wrId(), IBV_WC_RETRY_EXC_ERR, IBV_WC_SEND, 0, 0xd7));
        ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> transport.receive());
        assertEquals(Reason.RESET, e.reason());
        assertTrue(e.getMessage().contains("IBV_WC_RETRY_EXC_ERR (vendor_err 0xd7)"), e.getMessage());
    }

    @Test
    void givenDataInOverIser_whenReceived_thenProtocolViolation() throws Exception {
        verbs.deliver(IserMessagesTest.message(DataIn.data(true, Lun.ZERO, 1, 1, 1, 0, 0,
                ByteBuffer.allocate(16))));
        ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> transport.receive());
        assertEquals(Reason.PROTOCOL_VIOLATION, e.reason());
        assertTrue(e.getMessage().contains("RFC 7145 §7.3"), e.getMessage());
    }

    @Test
    void givenHelloMessage_whenReceived_thenProtocolViolation() throws Exception {
        byte[] message = IserMessagesTest.message(new NopIn(Lun.ZERO, 1, 0xffffffff, 1, 1, 1, ByteBuffer.allocate(0)));
        message[0] = 0x20;
        verbs.deliver(message);
        assertEquals(Reason.PROTOCOL_VIOLATION, assertThrows(ConnectionLostException.class,
                () -> transport.receive()).reason());
    }

    @Test
    void givenDigestsOrOversizedSegments_whenRequested_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> transport.enableDigests(true, false));
        transport.enableDigests(false, false);
        assertThrows(IllegalArgumentException.class, () -> transport.setMaxSendDataSegmentLength(8193));
        assertThrows(IllegalArgumentException.class,
                () -> transport.send(PduEncoder.encode(NopOut.ping(1, 1, 1, ByteBuffer.allocate(8193)))));
        assertThrows(IllegalArgumentException.class, () -> transport.borrowBuffer(POOL_SLOT + 1));
        assertEquals(POOL_SLOT, transport.maxTaskDataLengthBytes());
    }

    @Test
    void givenDuplicateItt_whenSent_thenRejectedAndFirstTaskKept() throws Exception {
        ScsiCommand read = ScsiCommand.of(Lun.ZERO, 0x60, 1, 1, READ_10, true, false, 512, ByteBuffer.allocate(0));
        transport.sendCommand(PduEncoder.encode(read), TaskBuffers.read(0x60, ByteBuffer.allocate(512)));
        assertThrows(IllegalArgumentException.class,
                () -> transport.sendCommand(PduEncoder.encode(read), TaskBuffers.read(0x60, ByteBuffer.allocate(512))));
        assertEquals(1, transport.activeTasks());
        assertThrows(IllegalArgumentException.class,
                () -> transport.sendCommand(PduEncoder.encode(read), TaskBuffers.read(0x61, ByteBuffer.allocate(512))));
    }

    private void assertTeardownOrder() {
        List<String> calls = verbs.calls();
        List<String> teardown = calls.subList(calls.indexOf("rdma_disconnect"), calls.size());
        assertEquals(List.of("rdma_disconnect", "rdma_destroy_qp", "ibv_destroy_cq", "ibv_destroy_comp_channel",
                "ibv_dereg_mr", "ibv_dereg_mr", "ibv_dereg_mr", "ibv_dealloc_pd", "rdma_destroy_id",
                "rdma_destroy_event_channel"), teardown);
    }

    private static EncodedPdu nop(int itt) {
        return PduEncoder.encode(NopOut.ping(itt, 1, 1, ByteBuffer.allocate(0)));
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
