package org.lunbridge.iscsi.session;

import java.io.IOException;
import org.lunbridge.iscsi.pdu.InitiatorPdu;
import org.lunbridge.iscsi.pdu.TargetPdu;

/**
 * What the session needs from a transport, in the spirit of the kernel's {@code iscsi_transport}: move whole PDUs,
 * nothing else. CmdSN, ITT, tasks and timers live in the session. Adapter until {@code org.lunbridge.iscsi.transport}
 * lands; a {@link SocketPduTransport} implements it over TCP.
 *
 * <p>{@link #send} may be called from one thread at a time (the session's writer); {@link #receive} from one thread
 * at a time (the session's reader). {@link #close} from any thread, and it unblocks both.
 */
public interface PduTransport extends AutoCloseable {

    /** Writes one PDU (gathering header, digests, data, padding), blocking until it is handed to the wire. */
    void send(InitiatorPdu pdu) throws IOException;

    /**
     * Reads one PDU, verifying digests once enabled.
     *
     * @throws java.io.EOFException when the target closed the connection
     * @throws org.lunbridge.iscsi.pdu.DigestException on a digest mismatch
     * @throws org.lunbridge.iscsi.pdu.PduFormatException on a malformed PDU
     */
    TargetPdu receive() throws IOException;

    /**
     * Switches digests on for the following PDUs (RFC 7143 §13.1: they start with the first PDU after the Login
     * Response that ends the login), and bounds received data segments (§13.12).
     */
    void enterFullFeaturePhase(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength);

    /** Where we are connected, for messages. */
    String peer();

    @Override
    void close();
}
