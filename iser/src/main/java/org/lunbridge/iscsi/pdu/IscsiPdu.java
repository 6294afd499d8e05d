package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * Any iSCSI PDU (RFC 7143 §11). Records hold the defined fields of the BHS (reserved fields are not kept: the
 * encoder writes them as 0) and the data segment as a read-only view, without padding.
 */
public sealed interface IscsiPdu permits InitiatorPdu, TargetPdu {
    /** §11.2.1.1 opcode, 6 bits. */
    int opcode();

    /** Initiator Task Tag (§11.2.1.7); {@link IscsiConstants#RESERVED_TAG} where the spec fixes it. */
    int itt();

    /** The data segment, unpadded; a fresh read-only view on every call (empty if none). */
    ByteBuffer data();
}
