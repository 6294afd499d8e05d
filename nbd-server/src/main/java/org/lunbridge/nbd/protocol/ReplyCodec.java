package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reply messages (proto.md "Simple reply message", "Structured reply chunk message"; extension-ext-header
 * "Extended reply chunk message").
 * <pre>
 * simple (16):     | 32: 0x67446698 | 32: error | 64: cookie |
 * structured (20): | 32: 0x668e33ef | 16: flags | 16: type | 64: cookie | 32: length |
 * extended (32):   | 32: 0x6e8a278c | 16: flags | 16: type | 64: cookie | 64: offset | 64: length |
 * </pre>
 */
public final class ReplyCodec {
    private ReplyCodec() {}

    public static ByteBuffer encodeSimple(int error, long cookie) {
        return ByteBuffer.allocate(SIMPLE_REPLY_BYTES).putInt(NBD_SIMPLE_REPLY_MAGIC).putInt(error)
                .putLong(cookie).flip();
    }

    /**
     * Encodes a chunk. Returns the header with the fixed part of the payload, plus, for OFFSET_DATA, the data
     * buffer itself (not copied) as a second element: write them in order with one gathering write.
     *
     * @param requestOffset the request's offset: an extended header echoes it ("MUST match the request")
     */
    public static ByteBuffer[] encodeChunk(boolean extended, int flags, long cookie, long requestOffset,
                                           ReplyChunk chunk) {
        ByteBuffer data = chunk instanceof ReplyChunk.OffsetData d ? d.data().duplicate() : null;
        ByteBuffer fixed = encodeFixedPayload(chunk);
        long length = fixed.remaining() + (data == null ? 0 : data.remaining());
        ByteBuffer out = ByteBuffer.allocate(
                (extended ? EXTENDED_REPLY_HEADER_BYTES : STRUCTURED_REPLY_HEADER_BYTES) + fixed.remaining());
        out.putInt(extended ? NBD_EXTENDED_REPLY_MAGIC : NBD_STRUCTURED_REPLY_MAGIC)
                .putShort((short) flags).putShort((short) chunk.type()).putLong(cookie);
        if (extended) {
            out.putLong(requestOffset).putLong(length);
        } else {
            if ((length >>> 32) != 0) {
                throw new IllegalArgumentException("chunk length: " + length + " (expected: < 2^32)");
            }
            out.putInt((int) length);
        }
        out.put(fixed).flip();
        return data == null ? new ByteBuffer[] {out} : new ByteBuffer[] {out, data};
    }

    private static ByteBuffer encodeFixedPayload(ReplyChunk chunk) {
        return switch (chunk) {
            case ReplyChunk.None c -> ByteBuffer.allocate(0);
            case ReplyChunk.OffsetData c -> ByteBuffer.allocate(8).putLong(c.offset()).flip();
            case ReplyChunk.OffsetHole c -> ByteBuffer.allocate(12).putLong(c.offset())
                    .putInt(c.holeSizeBytes()).flip();
            case ReplyChunk.BlockStatus c -> encodeBlockStatus(c);
            case ReplyChunk.Error c -> {
                byte[] message = NbdStrings.encode(c.message());
                yield ByteBuffer.allocate(6 + message.length).putInt(c.error()).putShort((short) message.length)
                        .put(message).flip();
            }
            case ReplyChunk.ErrorOffset c -> {
                byte[] message = NbdStrings.encode(c.message());
                yield ByteBuffer.allocate(14 + message.length).putInt(c.error()).putShort((short) message.length)
                        .put(message).putLong(c.offset()).flip();
            }
        };
    }

    private static ByteBuffer encodeBlockStatus(ReplyChunk.BlockStatus c) {
        List<BlockDescriptor> ds = c.descriptors();
        if (c.extended()) {
            ByteBuffer b = ByteBuffer.allocate(8 + 16 * ds.size()).putInt(c.contextId()).putInt(ds.size());
            ds.forEach(d -> b.putLong(d.lengthBytes()).putLong(d.status()));
            return b.flip();
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * ds.size()).putInt(c.contextId());
        ds.forEach(d -> b.putInt((int) d.lengthBytes()).putInt((int) d.status()));
        return b.flip();
    }

    /** Decodes a simple reply or a structured chunk header (by magic), or an extended one when negotiated. */
    public static ReplyHeader decodeHeader(ByteBuffer src, boolean extended) throws ProtocolViolationException {
        HandshakeCodec.need(src, 4, "reply magic");
        int magic = src.getInt(src.position());
        if (extended) {
            HandshakeCodec.need(src, EXTENDED_REPLY_HEADER_BYTES, "extended reply header");
            expectMagic(src.getInt(), NBD_EXTENDED_REPLY_MAGIC);
            return new ReplyHeader.Chunk(true, Short.toUnsignedInt(src.getShort()),
                    Short.toUnsignedInt(src.getShort()), src.getLong(), src.getLong(), src.getLong());
        }
        if (magic == NBD_SIMPLE_REPLY_MAGIC) {
            HandshakeCodec.need(src, SIMPLE_REPLY_BYTES, "simple reply");
            src.getInt();
            return new ReplyHeader.Simple(src.getInt(), src.getLong());
        }
        HandshakeCodec.need(src, STRUCTURED_REPLY_HEADER_BYTES, "structured reply header");
        expectMagic(src.getInt(), NBD_STRUCTURED_REPLY_MAGIC);
        return new ReplyHeader.Chunk(false, Short.toUnsignedInt(src.getShort()), Short.toUnsignedInt(src.getShort()),
                src.getLong(), 0, Integer.toUnsignedLong(src.getInt()));
    }

    /** Decodes a chunk payload of the given type (all remaining bytes of {@code payload}). */
    public static ReplyChunk decodeChunk(int type, ByteBuffer payload) throws ProtocolViolationException {
        try {
            ReplyChunk chunk = switch (type) {
                case NBD_REPLY_TYPE_NONE -> new ReplyChunk.None();
                case NBD_REPLY_TYPE_OFFSET_DATA -> {
                    long offset = payload.getLong();
                    yield new ReplyChunk.OffsetData(offset, payload.slice());
                }
                case NBD_REPLY_TYPE_OFFSET_HOLE -> new ReplyChunk.OffsetHole(payload.getLong(), payload.getInt());
                case NBD_REPLY_TYPE_BLOCK_STATUS -> decodeBlockStatus(false, payload);
                case NBD_REPLY_TYPE_BLOCK_STATUS_EXT -> decodeBlockStatus(true, payload);
                case NBD_REPLY_TYPE_ERROR, NBD_REPLY_TYPE_ERROR_OFFSET -> {
                    int error = payload.getInt();
                    int messageLength = Short.toUnsignedInt(payload.getShort());
                    String message = NbdStrings.decode(payload, messageLength, "message");
                    yield type == NBD_REPLY_TYPE_ERROR ? new ReplyChunk.Error(error, message)
                            : new ReplyChunk.ErrorOffset(error, message, payload.getLong());
                }
                default -> throw new ProtocolViolationException("reply type: " + nameOfReplyType(type));
            };
            if (type != NBD_REPLY_TYPE_OFFSET_DATA && payload.hasRemaining()) {
                throw new ProtocolViolationException(nameOfReplyType(type) + ": " + payload.remaining()
                        + " trailing bytes");
            }
            return chunk;
        } catch (RuntimeException | InvalidOptionException e) {
            throw new ProtocolViolationException(nameOfReplyType(type) + ": " + e);
        }
    }

    private static ReplyChunk decodeBlockStatus(boolean extended, ByteBuffer payload)
            throws ProtocolViolationException {
        int contextId = payload.getInt();
        List<BlockDescriptor> descriptors = new ArrayList<>();
        if (extended) {
            int count = payload.getInt();
            if (count <= 0 || payload.remaining() != count * 16L) {
                throw new ProtocolViolationException("descriptor count: " + count + " for " + payload.remaining()
                        + " bytes");
            }
            for (int i = 0; i < count; i++) {
                descriptors.add(new BlockDescriptor(payload.getLong(), payload.getLong()));
            }
        } else {
            if (payload.remaining() == 0 || payload.remaining() % 8 != 0) {
                throw new ProtocolViolationException("block status length: " + payload.remaining()
                        + " (expected: positive multiple of 8)");
            }
            while (payload.hasRemaining()) {
                descriptors.add(new BlockDescriptor(Integer.toUnsignedLong(payload.getInt()),
                        Integer.toUnsignedLong(payload.getInt())));
            }
        }
        return new ReplyChunk.BlockStatus(extended, contextId, descriptors);
    }

    private static void expectMagic(int magic, int expected) throws ProtocolViolationException {
        if (magic != expected) {
            throw new ProtocolViolationException("reply magic: 0x" + Integer.toHexString(magic) + " (expected: 0x"
                    + Integer.toHexString(expected) + ")");
        }
    }
}
