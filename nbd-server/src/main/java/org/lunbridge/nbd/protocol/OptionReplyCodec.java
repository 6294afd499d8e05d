package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;

/**
 * Option replies (proto.md "Fixed newstyle negotiation").
 * <pre>
 * +--------------------------+--------------+--------------+-------------+-----------+
 * | 64: NBD_REP_MAGIC        | 32: option   | 32: type     | 32: length  | data ...  |
 * +--------------------------+--------------+--------------+-------------+-----------+
 * </pre>
 */
public final class OptionReplyCodec {
    private OptionReplyCodec() {}

    /** A decoded reply and the option it answers. */
    public record Decoded(int option, OptionReply reply) {}

    public static ByteBuffer encode(int option, OptionReply reply) {
        ByteBuffer data = switch (reply) {
            case OptionReply.Ack r -> ByteBuffer.allocate(0);
            case OptionReply.Server r -> {
                byte[] name = NbdStrings.encode(r.name());
                byte[] description = NbdStrings.encode(r.description());
                yield ByteBuffer.allocate(4 + name.length + description.length)
                        .putInt(name.length).put(name).put(description).flip();
            }
            case OptionReply.InfoExport r -> ByteBuffer.allocate(12).putShort((short) NBD_INFO_EXPORT)
                    .putLong(r.sizeBytes()).putShort((short) r.transmissionFlags()).flip();
            case OptionReply.InfoName r -> infoString(NBD_INFO_NAME, r.name());
            case OptionReply.InfoDescription r -> infoString(NBD_INFO_DESCRIPTION, r.description());
            case OptionReply.InfoBlockSize r -> ByteBuffer.allocate(14).putShort((short) NBD_INFO_BLOCK_SIZE)
                    .putInt(r.minimumBytes()).putInt(r.preferredBytes()).putInt(r.maximumPayloadBytes()).flip();
            case OptionReply.MetaContext r -> {
                byte[] name = NbdStrings.encode(r.name());
                yield ByteBuffer.allocate(4 + name.length).putInt(r.contextId()).put(name).flip();
            }
            case OptionReply.Error r -> ByteBuffer.wrap(NbdStrings.encode(r.message()));
        };
        return ByteBuffer.allocate(OPTION_REPLY_HEADER_BYTES + data.remaining())
                .putLong(NBD_REP_MAGIC).putInt(option).putInt(reply.type()).putInt(data.remaining())
                .put(data).flip();
    }

    /** Decodes one whole reply (client side: tests and tools). */
    public static Decoded decode(ByteBuffer src) throws ProtocolViolationException {
        HandshakeCodec.need(src, OPTION_REPLY_HEADER_BYTES, "option reply header");
        long magic = src.getLong();
        if (magic != NBD_REP_MAGIC) {
            throw new ProtocolViolationException("option reply magic: 0x" + Long.toHexString(magic)
                    + " (expected: 0x" + Long.toHexString(NBD_REP_MAGIC) + ")");
        }
        int option = src.getInt();
        int type = src.getInt();
        int length = src.getInt();
        if (length < 0 || length > src.remaining()) {
            throw new ProtocolViolationException("option reply length: " + Integer.toUnsignedString(length)
                    + " (expected: <= " + src.remaining() + ")");
        }
        ByteBuffer data = src.slice(src.position(), length);
        src.position(src.position() + length);
        try {
            return new Decoded(option, decodeData(type, data));
        } catch (InvalidOptionException | RuntimeException e) {
            throw new ProtocolViolationException(nameOfOptionReply(type) + ": " + e.getMessage());
        }
    }

    public static OptionReply decodeData(int type, ByteBuffer data) throws InvalidOptionException,
            ProtocolViolationException {
        if ((type & NBD_REP_FLAG_ERROR) != 0) {
            return new OptionReply.Error(type, NbdStrings.decode(data, data.remaining(), "message"));
        }
        switch (type) {
            case NBD_REP_ACK -> {
                expectLength(data, 0, type);
                return new OptionReply.Ack();
            }
            case NBD_REP_SERVER -> {
                String name = NbdStrings.decode(data, data.getInt(), "name");
                return new OptionReply.Server(name, NbdStrings.decode(data, data.remaining(), "description"));
            }
            case NBD_REP_META_CONTEXT -> {
                int id = data.getInt();
                return new OptionReply.MetaContext(id, NbdStrings.decode(data, data.remaining(), "name"));
            }
            case NBD_REP_INFO -> {
                return decodeInfo(data);
            }
            default -> throw new ProtocolViolationException("option reply type: " + nameOfOptionReply(type));
        }
    }

    private static OptionReply decodeInfo(ByteBuffer data) throws InvalidOptionException,
            ProtocolViolationException {
        int info = Short.toUnsignedInt(data.getShort());
        return switch (info) {
            case NBD_INFO_EXPORT -> {
                expectLength(data, 10, NBD_REP_INFO);
                yield new OptionReply.InfoExport(data.getLong(), Short.toUnsignedInt(data.getShort()));
            }
            case NBD_INFO_NAME -> new OptionReply.InfoName(NbdStrings.decode(data, data.remaining(), "name"));
            case NBD_INFO_DESCRIPTION ->
                    new OptionReply.InfoDescription(NbdStrings.decode(data, data.remaining(), "description"));
            case NBD_INFO_BLOCK_SIZE -> {
                expectLength(data, 12, NBD_REP_INFO);
                yield new OptionReply.InfoBlockSize(data.getInt(), data.getInt(), data.getInt());
            }
            default -> throw new ProtocolViolationException("information type: " + nameOfInfo(info));
        };
    }

    private static ByteBuffer infoString(int info, String text) {
        byte[] bytes = NbdStrings.encode(text);
        return ByteBuffer.allocate(2 + bytes.length).putShort((short) info).put(bytes).flip();
    }

    private static void expectLength(ByteBuffer data, int bytes, int type) throws ProtocolViolationException {
        if (data.remaining() != bytes) {
            throw new ProtocolViolationException(nameOfOptionReply(type) + " length: " + data.remaining()
                    + " (expected: " + bytes + ")");
        }
    }
}
