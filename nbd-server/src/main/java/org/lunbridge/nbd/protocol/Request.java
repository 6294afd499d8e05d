package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

/**
 * A transmission request (proto.md "Request message"), compact or extended.
 *
 * @param flags command flags (16 bits, NBD_CMD_FLAG_*)
 * @param type command type (16 bits, NBD_CMD_*), possibly unknown
 * @param cookie opaque, echoed in every reply
 * @param offset unsigned 64-bit byte offset
 * @param length unsigned: 32 bits in compact requests, 64 bits in extended ones; a payload length for WRITE (and for
 *     any extended request with NBD_CMD_FLAG_PAYLOAD_LEN), an effect length otherwise
 */
public record Request(int flags, int type, long cookie, long offset, long length) {
    public Request {
        if ((flags & ~0xffff) != 0 || (type & ~0xffff) != 0) {
            throw new IllegalArgumentException("flags/type: 0x" + Integer.toHexString(flags) + "/0x"
                    + Integer.toHexString(type) + " (expected: 16 bits each)");
        }
    }

    /** Bytes of payload following the header on the wire. */
    public long payloadBytes(boolean extendedHeaders) {
        if (extendedHeaders) {
            return hasFlag(NBD_CMD_FLAG_PAYLOAD_LEN) ? length : 0;
        }
        return type == NBD_CMD_WRITE ? length : 0;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public String toString() {
        return nameOfCommand(type) + "[cookie=0x" + Long.toHexString(cookie) + ", offset="
                + Long.toUnsignedString(offset) + ", length=" + Long.toUnsignedString(length) + ", flags="
                + nameOfCommandFlags(flags) + "]";
    }
}
