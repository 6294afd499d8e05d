package org.lunbridge.iscsi.session;

import java.nio.ByteBuffer;
import org.lunbridge.iscsi.transport.DataBufferAllocator;

/**
 * One direct buffer per connection that every received data segment is read into, instead of a fresh heap buffer
 * per PDU (zeroed, then filled through the JDK's temporary direct buffer). Safe because the session consumes each
 * PDU completely on the reader thread before the next is read: Data-In is copied into the task's buffer, sense data
 * is parsed into copies, login and text data are copied, a ping's data is copied before it is echoed. Never share
 * an instance between connections.
 */
public final class ReusedReceiveBuffer implements DataBufferAllocator {

    private static final int INITIAL_BYTES = 64 * 1024;

    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BYTES);

    @Override
    public ByteBuffer allocate(ByteBuffer header, int lengthBytes) {
        if (buffer.capacity() < lengthBytes) {
            // Grows to the largest segment seen, bounded by our MaxRecvDataSegmentLength (checked by the transport).
            buffer = ByteBuffer.allocateDirect(lengthBytes);
        }
        return buffer.clear().limit(lengthBytes);
    }
}
