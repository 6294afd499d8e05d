package org.lunbridge.iscsi.transport.rdma;

import java.nio.ByteBuffer;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.ScsiResponse;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.TaskBuffers;
import org.lunbridge.iscsi.transport.rdma.Verbs.MemoryRegion;
import org.lunbridge.iscsi.transport.rdma.Verbs.Sge;

/**
 * The RDMA side of one SCSI task (kernel {@code iser_prepare_read_cmd} / {@code iser_prepare_write_cmd}): which
 * registered memory the target may access, and the bounce slots to give back when the task ends.
 *
 * <p>Zero copy when the caller's buffer already lies in the registered pool (a {@link RegisteredBuffer}); else
 * one copy: write data into a pooled slot before the Send, read data out of it when the SCSI Response arrives.
 * The bridge avoids both copies by reading NBD write payloads into, and answering NBD reads from, borrowed
 * {@link RegisteredBuffer}s.
 */
final class IserTask {
    /** Borrows a pooled slot, waiting while all are lent. */
    interface Borrower {
        RegisteredBuffer borrow(int lengthBytes) throws ConnectionLostException;
    }

    private final int itt;
    private final IserHeader iserHeader;
    private final Sge immediateSge;
    private final ByteBuffer readTarget;
    private final RegisteredBuffer readBounce;
    private final RegisteredBuffer writeBounce;

    private IserTask(int itt, IserHeader iserHeader, Sge immediateSge, ByteBuffer readTarget,
                     RegisteredBuffer readBounce, RegisteredBuffer writeBounce) {
        this.itt = itt;
        this.iserHeader = iserHeader;
        this.immediateSge = immediateSge;
        this.readTarget = readTarget;
        this.readBounce = readBounce;
        this.writeBounce = writeBounce;
    }

    /**
     * Maps {@code buffers} for {@code command}: RSV + Read STag/VA for read data; immediate data as the Send's
     * second SGE; WSV + Write STag with VA = buffer + immediate length for the rest, which the target RDMA-Reads
     * (as libiscsi {@code iser_prepare_write_cmd} and the kernel initiator do).
     *
     * @throws IllegalArgumentException if the immediate data is not the first bytes of {@code writeData}
     */
    static IserTask prepare(int itt, EncodedPdu command, TaskBuffers buffers, RegisteredBufferPool pool,
                            MemoryRegion poolRegion, Borrower borrower) throws ConnectionLostException {
        ByteBuffer immediate = command.data();
        ByteBuffer write = buffers.writeData();
        ByteBuffer read = buffers.readBuffer();
        int immediateLength = immediate.remaining();
        int writeLength = write.remaining();
        int readLength = read.remaining();
        if (immediateLength > writeLength
                || !immediate.equals(write.slice(write.position(), immediateLength))) {
            throw new IllegalArgumentException("immediate data (" + immediateLength
                    + " bytes) is not the start of the task's write data (" + writeLength + " bytes)");
        }
        RegisteredBuffer readBounce = null;
        RegisteredBuffer writeBounce = null;
        try {
            boolean rsv = readLength > 0;
            long readVa = 0;
            if (rsv) {
                long address = NativeBuffers.address(read);
                if (pool.contains(address, readLength)) {
                    readVa = address;
                } else {
                    readBounce = borrower.borrow(readLength);
                    readVa = readBounce.address();
                }
            }
            boolean wsv = writeLength > immediateLength;
            long writeVa = 0;
            Sge immediateSge = null;
            if (writeLength > 0) {
                long base = NativeBuffers.address(write);
                if (!pool.contains(base, writeLength)) {
                    writeBounce = borrower.borrow(writeLength);
                    writeBounce.buffer().put(0, write, write.position(), writeLength);
                    base = writeBounce.address();
                }
                writeVa = wsv ? base + immediateLength : 0;
                if (immediateLength > 0) {
                    immediateSge = new Sge(base, immediateLength, poolRegion.lkey());
                }
            }
            IserHeader header = new IserHeader(wsv, wsv ? poolRegion.rkey() : 0, writeVa, rsv,
                    rsv ? poolRegion.rkey() : 0, readVa);
            return new IserTask(itt, header, immediateSge, read, readBounce, writeBounce);
        } catch (ConnectionLostException | RuntimeException e) {
            closeQuietly(readBounce);
            closeQuietly(writeBounce);
            throw e;
        }
    }

    int itt() {
        return itt;
    }

    IserHeader iserHeader() {
        return iserHeader;
    }

    /** The immediate data as the Send's second SGE, or null. */
    Sge immediateSge() {
        return immediateSge;
    }

    /**
     * The SCSI Response arrived: the target finished its RDMA Writes before sending it (RC ordering, RFC 7145
     * §7.3.4), so bounced read data is complete; copy the transferred part and return the slots.
     */
    void complete(ScsiResponse response) {
        if (readBounce != null) {
            long length = readTarget.remaining();
            if (response.residualUnderflow()) {
                length -= Integer.toUnsignedLong(response.residualCount());
            }
            int copy = (int) Math.max(0, Math.min(length, readTarget.remaining()));
            readTarget.put(readTarget.position(), readBounce.buffer(), 0, copy);
        }
        release(true);
    }

    /** Returns the bounce slots (bookkeeping only; safe after the device is gone). */
    void release(boolean completed) {
        closeQuietly(readBounce);
        closeQuietly(writeBounce);
    }

    private static void closeQuietly(RegisteredBuffer buffer) {
        if (buffer != null) {
            buffer.close();
        }
    }
}
