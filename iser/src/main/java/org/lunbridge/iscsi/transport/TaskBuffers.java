package org.lunbridge.iscsi.transport;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The data buffers of one SCSI task, handed to {@link Transport#sendCommand} so a transport that moves data
 * itself (iSER, {@link TransportCaps#rdmaDataMovement()}) can advertise them to the target (RFC 7145 §7.3: Read
 * STag for data the target RDMA-Writes, Write STag for data it RDMA-Reads). TCP ignores them: its session sends
 * Data-Out on R2T and places Data-In itself.
 *
 * <p>Buffers are used from their position for exactly {@code remaining()} bytes and are not modified in position
 * or limit. The transport keeps references until the task ends (SCSI Response received, or
 * {@link Transport#releaseTask}); the caller must not touch the bytes before then.
 *
 * @param itt the Initiator Task Tag of the SCSI Command, the key of {@link Transport#releaseTask}
 * @param writeData the whole write payload (Expected Data Transfer Length bytes), immediate data included: the
 *     command PDU's data segment must be its first bytes; empty for reads and no-data commands
 * @param readBuffer where read data must land, {@code remaining()} = the (read) Expected Data Transfer Length;
 *     empty for writes and no-data commands
 */
public record TaskBuffers(int itt, ByteBuffer writeData, ByteBuffer readBuffer) {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public TaskBuffers {
        Objects.requireNonNull(writeData, "writeData");
        Objects.requireNonNull(readBuffer, "readBuffer");
        if (readBuffer.isReadOnly() && readBuffer.hasRemaining()) {
            throw new IllegalArgumentException("readBuffer is read-only");
        }
    }

    public static TaskBuffers read(int itt, ByteBuffer readBuffer) {
        return new TaskBuffers(itt, EMPTY, readBuffer);
    }

    public static TaskBuffers write(int itt, ByteBuffer writeData) {
        return new TaskBuffers(itt, writeData, EMPTY);
    }

    public static TaskBuffers none(int itt) {
        return new TaskBuffers(itt, EMPTY, EMPTY);
    }
}
