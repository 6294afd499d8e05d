package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * A PDU ready for the wire (RFC 7143 §11.1): {@code header} is BHS + AHS (a multiple of 4 bytes, position 0);
 * {@code data} is the data segment, unpadded and not copied (a read-only view of the record's buffer).
 * A transport writes, gathering: header, [HeaderDigest], data, {@link PduFraming#padding(int)} zero bytes,
 * [DataDigest] (see {@link Digests}).
 */
public record EncodedPdu(ByteBuffer header, ByteBuffer data) {
    public EncodedPdu {
        Checks.nonNull("header", header);
        Checks.nonNull("data", data);
    }

    /** Bytes on the wire without digests: header + data + padding. */
    public int wireLengthWithoutDigests() {
        return header.remaining() + PduFraming.padTo4(data.remaining());
    }
}
