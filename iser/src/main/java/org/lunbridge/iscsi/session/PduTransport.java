package org.lunbridge.iscsi.session;

import java.io.IOException;
import org.lunbridge.iscsi.pdu.InitiatorPdu;
import org.lunbridge.iscsi.pdu.TargetPdu;

/**
 * What the session needs from a transport, in the spirit of the kernel's {@code iscsi_transport}: move whole PDUs,
 * nothing else. CmdSN, ITT, tasks and timers live in the session. The narrow seam the session is tested through
 * (a scripted fake target implements it); {@link TransportAdapter} puts it over a real
 * {@link org.lunbridge.iscsi.transport.Transport}.
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
     * Response that ends the login), and applies the negotiated data segment limits (§13.12) both ways.
     */
    void enterFullFeaturePhase(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength,
                               int maxSendDataSegmentLength);

    /** Counts a TMF/logout timeout in the connection's statistics. */
    default void countTimeout() {
    }

    /** Counts an unanswered NOP-Out in the connection's statistics. */
    default void countNopTimeout() {
    }

    /** The transport's wire-level counters (octets, PDUs by opcode), if it keeps them. */
    default java.util.Optional<org.lunbridge.iscsi.transport.ConnectionStats> connectionStats() {
        return java.util.Optional.empty();
    }

    /** Where we are connected, for messages. */
    String peer();

    @Override
    void close();
}
