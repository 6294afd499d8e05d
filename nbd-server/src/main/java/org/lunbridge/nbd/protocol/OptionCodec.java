package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Option requests (proto.md "Newstyle negotiation", "Option types").
 * <pre>
 * +--------------------------+--------------+------------------+----------------+
 * | 64: IHAVEOPT             | 32: option   | 32: data length  | data ...       |
 * +--------------------------+--------------+------------------+----------------+
 * </pre>
 */
public final class OptionCodec {
    private OptionCodec() {}

    /** A decoded option header; {@code lengthBytes} is unsigned, checked against a limit before reading data. */
    public record OptionHeader(int option, long lengthBytes) {}

    public static OptionHeader decodeHeader(ByteBuffer src) throws ProtocolViolationException {
        HandshakeCodec.need(src, OPTION_HEADER_BYTES, "option header");
        long magic = src.getLong();
        if (magic != IHAVEOPT) {
            throw new ProtocolViolationException("option magic: 0x" + Long.toHexString(magic)
                    + " (expected: IHAVEOPT 0x" + Long.toHexString(IHAVEOPT) + ")");
        }
        int option = src.getInt();
        return new OptionHeader(option, Integer.toUnsignedLong(src.getInt()));
    }

    /** Decodes an option's data (all of {@code data}'s remaining bytes). */
    public static ClientOption decode(int option, ByteBuffer data) throws InvalidOptionException {
        return switch (option) {
            case NBD_OPT_EXPORT_NAME -> new ClientOption.ExportName(
                    NbdStrings.decode(data, data.remaining(), "export name"));
            case NBD_OPT_ABORT -> new ClientOption.Abort();
            case NBD_OPT_LIST -> noData(data, option, new ClientOption.ListExports());
            case NBD_OPT_STARTTLS -> noData(data, option, new ClientOption.StartTls());
            case NBD_OPT_STRUCTURED_REPLY -> noData(data, option, new ClientOption.StructuredReply());
            case NBD_OPT_EXTENDED_HEADERS -> noData(data, option, new ClientOption.ExtendedHeaders());
            case NBD_OPT_INFO, NBD_OPT_GO -> decodeInfo(option == NBD_OPT_GO, data);
            case NBD_OPT_LIST_META_CONTEXT, NBD_OPT_SET_META_CONTEXT ->
                    decodeMetaContext(option == NBD_OPT_SET_META_CONTEXT, data);
            default -> new ClientOption.Unknown(option);
        };
    }

    /** NBD_OPT_INFO/GO data: u32 name length, name, u16 n, u16 x n info requests, nothing after. */
    private static ClientOption decodeInfo(boolean go, ByteBuffer data) throws InvalidOptionException {
        int nameLength = readInt(data, "name length");
        String name = NbdStrings.decode(data, nameLength, "export name");
        int count = Short.toUnsignedInt(readShort(data, "information request count"));
        if (data.remaining() != count * 2) {
            throw new InvalidOptionException("information requests: " + data.remaining() + " bytes (expected: "
                    + count * 2 + " for " + count + " requests)");
        }
        List<Integer> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(Short.toUnsignedInt(data.getShort()));
        }
        return new ClientOption.Info(go, name, requests);
    }

    /** NBD_OPT_LIST/SET_META_CONTEXT data: u32 name length, name, u32 n, (u32 length, query) x n. */
    private static ClientOption decodeMetaContext(boolean set, ByteBuffer data) throws InvalidOptionException {
        int nameLength = readInt(data, "name length");
        String exportName = NbdStrings.decode(data, nameLength, "export name");
        long count = Integer.toUnsignedLong(readInt(data, "query count"));
        // Each query needs at least its 4-byte length: bound the count before allocating.
        if (count * 4 > data.remaining()) {
            throw new InvalidOptionException("query count: " + count + " (expected: <= " + data.remaining() / 4
                    + " for " + data.remaining() + " bytes left)");
        }
        List<String> queries = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            int length = readInt(data, "query length");
            queries.add(NbdStrings.decode(data, length, "query"));
        }
        if (data.hasRemaining()) {
            throw new InvalidOptionException("meta context option: " + data.remaining() + " trailing bytes");
        }
        return new ClientOption.MetaContext(set, exportName, queries);
    }

    /** Encodes an option with its header (client side: tests and tools). */
    public static ByteBuffer encode(ClientOption option) {
        ByteBuffer data = switch (option) {
            case ClientOption.ExportName o -> ByteBuffer.wrap(NbdStrings.encode(o.name()));
            case ClientOption.Abort o -> ByteBuffer.allocate(0);
            case ClientOption.ListExports o -> ByteBuffer.allocate(0);
            case ClientOption.StartTls o -> ByteBuffer.allocate(0);
            case ClientOption.StructuredReply o -> ByteBuffer.allocate(0);
            case ClientOption.ExtendedHeaders o -> ByteBuffer.allocate(0);
            case ClientOption.Unknown o -> ByteBuffer.allocate(0);
            case ClientOption.Info o -> {
                byte[] name = NbdStrings.encode(o.name());
                ByteBuffer b = ByteBuffer.allocate(4 + name.length + 2 + 2 * o.infoRequests().size());
                b.putInt(name.length).put(name).putShort((short) o.infoRequests().size());
                o.infoRequests().forEach(r -> b.putShort((short) (int) r));
                yield b.flip();
            }
            case ClientOption.MetaContext o -> {
                byte[] name = NbdStrings.encode(o.exportName());
                List<byte[]> queries = o.queries().stream().map(NbdStrings::encode).toList();
                int length = 4 + name.length + 4 + queries.stream().mapToInt(q -> 4 + q.length).sum();
                ByteBuffer b = ByteBuffer.allocate(length).putInt(name.length).put(name).putInt(queries.size());
                queries.forEach(q -> b.putInt(q.length).put(q));
                yield b.flip();
            }
        };
        return encodeRaw(option.code(), data);
    }

    /** An option header followed by arbitrary data (tests build malformed options with it). */
    public static ByteBuffer encodeRaw(int option, ByteBuffer data) {
        return ByteBuffer.allocate(OPTION_HEADER_BYTES + data.remaining())
                .putLong(IHAVEOPT).putInt(option).putInt(data.remaining()).put(data.duplicate()).flip();
    }

    private static <T extends ClientOption> T noData(ByteBuffer data, int option, T decoded)
            throws InvalidOptionException {
        if (data.hasRemaining()) {
            throw new InvalidOptionException(nameOfOption(option) + " data: " + data.remaining()
                    + " bytes (expected: 0)");
        }
        return decoded;
    }

    private static int readInt(ByteBuffer data, String what) throws InvalidOptionException {
        if (data.remaining() < 4) {
            throw new InvalidOptionException(what + ": truncated (" + data.remaining() + " bytes left)");
        }
        return data.getInt();
    }

    private static short readShort(ByteBuffer data, String what) throws InvalidOptionException {
        if (data.remaining() < 2) {
            throw new InvalidOptionException(what + ": truncated (" + data.remaining() + " bytes left)");
        }
        return data.getShort();
    }
}
