package org.lunbridge.iscsi.transport;

import java.nio.ByteBuffer;

/**
 * Chooses where a received data segment lands, after the header has been read and checked. The session layer can
 * return a slice of the caller's read buffer for a Data-In of a known ITT (as the kernel's iscsi_tcp copies
 * straight into the command's scatterlist), avoiding a copy; by default a fresh heap buffer.
 */
@FunctionalInterface
public interface DataBufferAllocator {
    /** Fresh heap buffer per data segment. */
    DataBufferAllocator HEAP = (header, length) -> ByteBuffer.allocate(length);

    /**
     * @param header the received BHS + AHS (read-only view, position 0)
     * @param lengthBytes the DataSegmentLength, already checked against MaxRecvDataSegmentLength
     * @return a buffer with exactly {@code lengthBytes} remaining; bytes are written from its position
     */
    ByteBuffer allocate(ByteBuffer header, int lengthBytes);
}
