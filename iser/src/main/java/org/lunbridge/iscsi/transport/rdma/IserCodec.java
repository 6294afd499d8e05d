package org.lunbridge.iscsi.transport.rdma;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pure codec of the iSER wire formats an initiator uses on InfiniBand/RoCE (RFC 7145): the 28-byte iSER header
 * ({@link IserHeader}) and the CM REQ private data. No I/O; big-endian like every iSCSI field.
 */
public final class IserCodec {
    private IserCodec() {}

    /** RFC 7145 §9.2: iSER header length. */
    public static final int HEADER_LENGTH = 28;
    /** iSER header + iSCSI BHS: the smallest iSER message (libiscsi {@code ISER_HEADERS_LEN}). */
    public static final int HEADERS_LENGTH = HEADER_LENGTH + 48;

    /** §9.2 flags, high nibble: iSCSI control-type PDU. */
    public static final int OPCODE_ISCSI_CONTROL = 0x1;
    /** §9.3 iSER Hello (iWARP only, RFC 7145 §5.1.3). */
    public static final int OPCODE_HELLO = 0x2;
    /** §9.4 iSER HelloReply (iWARP only). */
    public static final int OPCODE_HELLO_REPLY = 0x3;
    /** §9.2: Write STag Valid. */
    public static final int FLAG_WSV = 0x08;
    /** §9.2: Read STag Valid. */
    public static final int FLAG_RSV = 0x04;

    /** iSER CM REQ private data length (Linux {@code struct iser_cm_hdr}, IBTA Annex A12). */
    public static final int CM_PRIVATE_DATA_LENGTH = 4;
    /** CM REQ flag: the initiator does not support zero-based virtual addresses (its base offsets are VAs). */
    public static final int CM_ZBVA_NOT_SUPPORTED = 0x80;
    /** CM REQ flag: the target must not Send-with-Invalidate our STags (our MRs are long-lived). */
    public static final int CM_SEND_WITH_INVALIDATE_NOT_SUPPORTED = 0x40;

    /** Writes the 28-byte header at {@code out}'s position, advancing it. */
    public static void encode(IserHeader header, ByteBuffer out) {
        if (out.remaining() < HEADER_LENGTH) {
            throw new IllegalArgumentException("room for iSER header: " + out.remaining() + " (expected: >= 28)");
        }
        ByteOrder order = out.order();
        out.order(ByteOrder.BIG_ENDIAN);
        int flags = OPCODE_ISCSI_CONTROL << 4;
        if (header.writeStagValid()) {
            flags |= FLAG_WSV;
        }
        if (header.readStagValid()) {
            flags |= FLAG_RSV;
        }
        out.put((byte) flags).put((byte) 0).putShort((short) 0);
        out.putInt(header.writeStag()).putLong(header.writeBaseOffset());
        out.putInt(header.readStag()).putLong(header.readBaseOffset());
        out.order(order);
    }

    public static byte[] encode(IserHeader header) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH);
        encode(header, out);
        return out.array();
    }

    /**
     * Reads a header at {@code in}'s position, advancing it. Only iSCSI control-type messages exist on RC QPs
     * set up through the CM (§5.1.3: Hello/HelloReply are exchanged on iWARP only), so those opcodes are
     * errors. Reserved bits are ignored (§9.2: "ignored by the receiver").
     */
    public static IserHeader decode(ByteBuffer in) throws IserFormatException {
        if (in.remaining() < HEADER_LENGTH) {
            throw new IserFormatException("iSER message length: " + in.remaining() + " (expected: >= 28)");
        }
        int start = in.position();
        int flags = in.get(start) & 0xff;
        int opcode = flags >>> 4;
        if (opcode != OPCODE_ISCSI_CONTROL) {
            throw new IserFormatException("iSER opcode: " + nameOfOpcode(opcode)
                    + " (expected: iSCSI control-type 0x1, RFC 7145 §9.2)");
        }
        ByteBuffer be = in.duplicate().order(ByteOrder.BIG_ENDIAN);
        boolean wsv = (flags & FLAG_WSV) != 0;
        boolean rsv = (flags & FLAG_RSV) != 0;
        int writeStag = be.getInt(start + 4);
        long writeBase = be.getLong(start + 8);
        int readStag = be.getInt(start + 16);
        long readBase = be.getLong(start + 20);
        in.position(start + HEADER_LENGTH);
        return new IserHeader(wsv, wsv ? writeStag : 0, wsv ? writeBase : 0, rsv, rsv ? readStag : 0,
                rsv ? readBase : 0);
    }

    /** The 4-byte CM REQ private data: {@code flags, reserved[3]}. */
    public static byte[] cmRequestPrivateData(boolean zbvaNotSupported, boolean sendWithInvalidateNotSupported) {
        byte[] data = new byte[CM_PRIVATE_DATA_LENGTH];
        data[0] = (byte) ((zbvaNotSupported ? CM_ZBVA_NOT_SUPPORTED : 0)
                | (sendWithInvalidateNotSupported ? CM_SEND_WITH_INVALIDATE_NOT_SUPPORTED : 0));
        return data;
    }

    public static String nameOfOpcode(int opcode) {
        return switch (opcode) {
            case OPCODE_ISCSI_CONTROL -> "iSCSI control-type (0x1)";
            case OPCODE_HELLO -> "iSER Hello (0x2)";
            case OPCODE_HELLO_REPLY -> "iSER HelloReply (0x3)";
            default -> "reserved (0x" + Integer.toHexString(opcode) + ")";
        };
    }
}
