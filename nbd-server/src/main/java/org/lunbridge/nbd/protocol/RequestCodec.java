package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;

/**
 * Request headers (proto.md "Request message"; extension-ext-header for the extended form).
 * <pre>
 * compact (28 bytes):
 * +------------------+-----------+----------+---------------+---------------+-------------+
 * | 32: 0x25609513   | 16: flags | 16: type | 64: cookie    | 64: offset    | 32: length  |
 * +------------------+-----------+----------+---------------+---------------+-------------+
 * extended (32 bytes):
 * +------------------+-----------+----------+---------------+---------------+-------------+
 * | 32: 0x21e41c71   | 16: flags | 16: type | 64: cookie    | 64: offset    | 64: length  |
 * +------------------+-----------+----------+---------------+---------------+-------------+
 * </pre>
 */
public final class RequestCodec {
    private RequestCodec() {}

    public static int headerBytes(boolean extendedHeaders) {
        return extendedHeaders ? EXTENDED_REQUEST_BYTES : COMPACT_REQUEST_BYTES;
    }

    /**
     * Decodes a header; the magic must be the one negotiated ("the client MUST use the 32-byte extended request
     * header" once extended headers are on, and the compact one otherwise).
     */
    public static Request decode(ByteBuffer src, boolean extendedHeaders) throws ProtocolViolationException {
        HandshakeCodec.need(src, headerBytes(extendedHeaders), "request header");
        int magic = src.getInt();
        int expected = extendedHeaders ? NBD_EXTENDED_REQUEST_MAGIC : NBD_REQUEST_MAGIC;
        if (magic != expected) {
            throw new ProtocolViolationException("request magic: 0x" + Integer.toHexString(magic)
                    + " (expected: 0x" + Integer.toHexString(expected) + ")");
        }
        int flags = Short.toUnsignedInt(src.getShort());
        int type = Short.toUnsignedInt(src.getShort());
        long cookie = src.getLong();
        long offset = src.getLong();
        long length = extendedHeaders ? src.getLong() : Integer.toUnsignedLong(src.getInt());
        return new Request(flags, type, cookie, offset, length);
    }

    /** Encodes a header (client side: tests and tools). */
    public static ByteBuffer encode(Request request, boolean extendedHeaders) {
        if (!extendedHeaders && (request.length() >>> 32) != 0) {
            throw new IllegalArgumentException("length: " + Long.toUnsignedString(request.length())
                    + " (expected: < 2^32 in a compact request)");
        }
        ByteBuffer out = ByteBuffer.allocate(headerBytes(extendedHeaders))
                .putInt(extendedHeaders ? NBD_EXTENDED_REQUEST_MAGIC : NBD_REQUEST_MAGIC)
                .putShort((short) request.flags()).putShort((short) request.type())
                .putLong(request.cookie()).putLong(request.offset());
        if (extendedHeaders) {
            out.putLong(request.length());
        } else {
            out.putInt((int) request.length());
        }
        return out.flip();
    }
}
