package org.lunbridge.iscsi.transport.rdma;

import static org.lunbridge.iscsi.transport.rdma.VerbsConstants.IBV_ACCESS_LOCAL_WRITE;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.lunbridge.iscsi.transport.rdma.Verbs.MemoryRegion;
import org.lunbridge.iscsi.transport.rdma.Verbs.Sge;

/**
 * The registered TX and RX descriptor rings of one connection (kernel {@code iser_tx_desc} / {@code
 * iser_rx_desc}). TX: {@code slots} descriptors of {@link #TX_HEADER_BYTES} + TargetRecvDataSegmentLength, each
 * holding one outgoing iSER message (headers, and the data of control PDUs); a descriptor is taken per Send and
 * returned by its completion. RX: descriptors of 76 + InitiatorRecvDataSegmentLength, all posted, each re-posted
 * once its message is copied out. wr_id: the RX index, or the TX index tagged with {@link #TX_TAG}.
 */
final class IserDescriptors {
    /** wr_id tag of TX descriptors; RX descriptors use their plain index. */
    static final long TX_TAG = 1L << 32;
    /** Bytes reserved in a TX descriptor for iSER header + BHS + AHS (an extended CDB AHS is at most 264). */
    static final int TX_HEADER_BYTES = 512;

    private final ByteBuffer txMemory;
    private final MemoryRegion txRegion;
    private final int txSlotBytes;
    private final int txSlots;
    private final ByteBuffer rxMemory;
    private final MemoryRegion rxRegion;
    private final int rxSlotBytes;
    private final int rxSlots;
    /** Free TX indices; guarded by itself. Invariant: free + taken == txSlots. */
    private final ArrayDeque<Integer> freeTx = new ArrayDeque<>();

    IserDescriptors(IserEndpoint endpoint, IserOptions options) throws RdmaException {
        txSlots = options.sendQueueDepth();
        txSlotBytes = TX_HEADER_BYTES + options.targetRecvDataSegmentLength();
        txMemory = NativeBuffers.allocateAligned(txSlotBytes * txSlots);
        txRegion = endpoint.register(txMemory, IBV_ACCESS_LOCAL_WRITE);
        for (int i = 0; i < txSlots; i++) {
            freeTx.add(i);
        }
        rxSlots = options.receiveDepth();
        rxSlotBytes = IserCodec.HEADERS_LENGTH + options.initiatorRecvDataSegmentLength();
        rxMemory = NativeBuffers.allocateAligned(rxSlotBytes * rxSlots);
        rxRegion = endpoint.register(rxMemory, IBV_ACCESS_LOCAL_WRITE);
    }

    static boolean isTx(long wrId) {
        return (wrId & TX_TAG) != 0;
    }

    static int index(long wrId) {
        return (int) wrId;
    }

    int txSlots() {
        return txSlots;
    }

    int rxSlots() {
        return rxSlots;
    }

    /** Takes a free TX descriptor; the caller holds a send credit, so one is always free. */
    int takeTx() {
        synchronized (freeTx) {
            Integer slot = freeTx.poll();
            if (slot == null) {
                throw new IllegalStateException("no free TX descriptor although a send credit was held");
            }
            return slot;
        }
    }

    void returnTx(int slot) {
        synchronized (freeTx) {
            freeTx.add(slot);
        }
    }

    /** The whole TX descriptor {@code slot}, position 0. */
    ByteBuffer txBuffer(int slot) {
        int offset = slot * txSlotBytes;
        return txMemory.duplicate().position(offset).limit(offset + txSlotBytes).slice();
    }

    Sge txSge(int slot, int lengthBytes) {
        return new Sge(txRegion.address() + (long) slot * txSlotBytes, lengthBytes, txRegion.lkey());
    }

    long txWrId(int slot) {
        return TX_TAG | slot;
    }

    /** The received message in RX descriptor {@code slot}: its first {@code byteLength} bytes (WC byte_len). */
    ByteBuffer rxMessage(int slot, int byteLength) {
        return rxMemory.slice(slot * rxSlotBytes, Math.min(byteLength, rxSlotBytes));
    }

    Sge rxSge(int slot) {
        return new Sge(rxRegion.address() + (long) slot * rxSlotBytes, rxSlotBytes, rxRegion.lkey());
    }
}
