package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.List;

/** The payload of one structured or extended reply chunk (proto.md "Structured reply types"). */
public sealed interface ReplyChunk {
    /** The NBD_REPLY_TYPE_* value on the wire. */
    int type();

    /** NBD_REPLY_TYPE_NONE: no payload; only as the final chunk. */
    record None() implements ReplyChunk {
        public int type() {
            return NBD_REPLY_TYPE_NONE;
        }
    }

    /** NBD_REPLY_TYPE_OFFSET_DATA: u64 offset, data (at least one byte). {@code data}'s remaining bytes are sent. */
    record OffsetData(long offset, ByteBuffer data) implements ReplyChunk {
        public OffsetData {
            if (!data.hasRemaining()) {
                throw new IllegalArgumentException("data: empty (expected: >= 1 byte)");
            }
        }

        public int type() {
            return NBD_REPLY_TYPE_OFFSET_DATA;
        }
    }

    /** NBD_REPLY_TYPE_OFFSET_HOLE: u64 offset, u32 hole size (nonzero). */
    record OffsetHole(long offset, int holeSizeBytes) implements ReplyChunk {
        public OffsetHole {
            if (holeSizeBytes == 0) {
                throw new IllegalArgumentException("holeSizeBytes: 0 (expected: nonzero)");
            }
        }

        public int type() {
            return NBD_REPLY_TYPE_OFFSET_HOLE;
        }
    }

    /**
     * NBD_REPLY_TYPE_BLOCK_STATUS (u32 context id, (u32 length, u32 status) x n) when {@code extended} is false;
     * NBD_REPLY_TYPE_BLOCK_STATUS_EXT (u32 id, u32 n, (u64 length, u64 status) x n) when true.
     */
    record BlockStatus(boolean extended, int contextId, List<BlockDescriptor> descriptors) implements ReplyChunk {
        public BlockStatus {
            descriptors = List.copyOf(descriptors);
            if (descriptors.isEmpty()) {
                throw new IllegalArgumentException("descriptors: empty (expected: at least one)");
            }
            if (!extended) {
                for (BlockDescriptor d : descriptors) {
                    if ((d.lengthBytes() >>> 32) != 0 || (d.status() >>> 32) != 0) {
                        throw new IllegalArgumentException(d + " (expected: 32-bit length and status)");
                    }
                }
            }
        }

        public int type() {
            return extended ? NBD_REPLY_TYPE_BLOCK_STATUS_EXT : NBD_REPLY_TYPE_BLOCK_STATUS;
        }
    }

    /** NBD_REPLY_TYPE_ERROR: u32 error (nonzero), u16 message length, message. */
    record Error(int error, String message) implements ReplyChunk {
        public Error {
            if (error == 0) {
                throw new IllegalArgumentException("error: 0 (expected: nonzero)");
            }
        }

        public int type() {
            return NBD_REPLY_TYPE_ERROR;
        }
    }

    /** NBD_REPLY_TYPE_ERROR_OFFSET: u32 error, u16 message length, message, u64 offset. */
    record ErrorOffset(int error, String message, long offset) implements ReplyChunk {
        public ErrorOffset {
            if (error == 0) {
                throw new IllegalArgumentException("error: 0 (expected: nonzero)");
            }
        }

        public int type() {
            return NBD_REPLY_TYPE_ERROR_OFFSET;
        }
    }
}
