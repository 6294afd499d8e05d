package org.lunbridge.nbd.protocol;

/** A decoded reply header (client side: tests and tools). */
public sealed interface ReplyHeader {
    long cookie();

    /** Simple reply: u32 magic, u32 error, u64 cookie; READ data follows when error is 0. */
    record Simple(int error, long cookie) implements ReplyHeader {}

    /** Structured (20 bytes) or extended (32 bytes, with offset) chunk header; {@code length} payload follows. */
    record Chunk(boolean extended, int flags, int type, long cookie, long offset, long length)
            implements ReplyHeader {}
}
