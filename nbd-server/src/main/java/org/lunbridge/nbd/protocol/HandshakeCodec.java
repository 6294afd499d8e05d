package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;

/** The fixed parts of the newstyle handshake (proto.md "Newstyle negotiation", "Fixed newstyle negotiation"). */
public final class HandshakeCodec {
    /** Client flags a server that advertised FIXED_NEWSTYLE|NO_ZEROES accepts. */
    public static final int KNOWN_CLIENT_FLAGS = NBD_FLAG_C_FIXED_NEWSTYLE | NBD_FLAG_C_NO_ZEROES;
    /** Bytes of the reply to NBD_OPT_EXPORT_NAME without the 124 zero bytes. */
    public static final int EXPORT_NAME_REPLY_BYTES = 10;
    public static final int EXPORT_NAME_ZERO_PAD_BYTES = 124;

    private HandshakeCodec() {}

    /**
     * The server greeting.
     * <pre>
     * +----------------------+----------------------+-----------------+
     * | 64: NBDMAGIC         | 64: IHAVEOPT         | 16: hs flags    |
     * +----------------------+----------------------+-----------------+
     * </pre>
     */
    public static ByteBuffer encodeGreeting(int handshakeFlags) {
        return ByteBuffer.allocate(GREETING_BYTES).putLong(NBDMAGIC).putLong(IHAVEOPT)
                .putShort((short) handshakeFlags).flip();
    }

    /** Returns the handshake flags of a greeting (client side, tests). */
    public static int decodeGreeting(ByteBuffer src) throws ProtocolViolationException {
        need(src, GREETING_BYTES, "greeting");
        long magic = src.getLong();
        long opt = src.getLong();
        if (magic != NBDMAGIC || opt != IHAVEOPT) {
            throw new ProtocolViolationException("greeting magic: 0x" + Long.toHexString(magic) + "/0x"
                    + Long.toHexString(opt) + " (expected: NBDMAGIC/IHAVEOPT)");
        }
        return Short.toUnsignedInt(src.getShort());
    }

    public static ByteBuffer encodeClientFlags(int clientFlags) {
        return ByteBuffer.allocate(4).putInt(clientFlags).flip();
    }

    /**
     * Client flags, checked: "the server MUST drop the TCP connection if the client sets an unknown flag, or a flag
     * that does not match something advertised by the server".
     */
    public static int decodeClientFlags(ByteBuffer src, int advertisedHandshakeFlags)
            throws ProtocolViolationException {
        need(src, 4, "client flags");
        int flags = src.getInt();
        int allowed = NBD_FLAG_C_FIXED_NEWSTYLE;
        if ((advertisedHandshakeFlags & NBD_FLAG_NO_ZEROES) != 0) {
            allowed |= NBD_FLAG_C_NO_ZEROES;
        }
        if ((flags & ~allowed) != 0) {
            throw new ProtocolViolationException("client flags: 0x" + Integer.toHexString(flags)
                    + " (expected: only bits of 0x" + Integer.toHexString(allowed) + ")");
        }
        return flags;
    }

    /** Reply to NBD_OPT_EXPORT_NAME: u64 size, u16 transmission flags, 124 zeroes unless NO_ZEROES. */
    public static ByteBuffer encodeExportNameReply(long sizeBytes, int transmissionFlags, boolean noZeroes) {
        int length = EXPORT_NAME_REPLY_BYTES + (noZeroes ? 0 : EXPORT_NAME_ZERO_PAD_BYTES);
        ByteBuffer out = ByteBuffer.allocate(length).putLong(sizeBytes).putShort((short) transmissionFlags);
        return out.position(length).flip();
    }

    static void need(ByteBuffer src, int bytes, String what) throws ProtocolViolationException {
        if (src.remaining() < bytes) {
            throw new ProtocolViolationException(what + ": " + src.remaining() + " bytes (expected: " + bytes + ")");
        }
    }
}
