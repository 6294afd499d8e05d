package org.lunbridge.iscsi.transport.rdma;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;

/** Page-aligned direct buffers for registration, and the native address of a direct buffer's position. */
final class NativeBuffers {
    /** Registration pins whole pages; alignment keeps unrelated heap data out of pinned pages. */
    static final int PAGE_BYTES = 4096;

    private NativeBuffers() {}

    /**
     * A zeroed, page-aligned direct buffer of {@code lengthBytes}. Direct buffers never move; the caller keeps a
     * strong reference until the memory region is deregistered (the Cleaner frees it once unreachable).
     */
    static ByteBuffer allocateAligned(int lengthBytes) {
        if (lengthBytes <= 0 || lengthBytes > Integer.MAX_VALUE - 2 * PAGE_BYTES) {
            throw new IllegalArgumentException("lengthBytes: " + lengthBytes);
        }
        // alignedSlice trims both ends to page boundaries: round up, and allow one page for the start.
        int pages = (lengthBytes + PAGE_BYTES - 1) / PAGE_BYTES;
        return ByteBuffer.allocateDirect((pages + 1) * PAGE_BYTES).alignedSlice(PAGE_BYTES).limit(lengthBytes)
                .slice();
    }

    /** Native address of {@code buffer.position()}, or 0 for a heap buffer (not registrable: the GC moves it). */
    static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            return 0;
        }
        return MemoryIO.getInstance().getDirectBufferAddress(buffer) + buffer.position();
    }
}
