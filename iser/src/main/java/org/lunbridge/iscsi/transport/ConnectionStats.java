package org.lunbridge.iscsi.transport;

import static org.lunbridge.iscsi.pdu.IscsiConstants.*;

import java.util.concurrent.atomic.LongAdder;

/**
 * Per-connection counters, the fields of the kernel's {@code struct iscsi_stats} that {@code conn_get_stats}
 * reports. The transport counts octets and PDUs by opcode as they cross the wire; the session layer bumps
 * {@link #timeout()} and {@link #nopTimeout()}. Lock-free ({@link LongAdder}); {@link #snapshot()} reads them all.
 */
public final class ConnectionStats {
    private static final int OPCODES = OPCODE_MASK + 1;

    /** Wire bytes (headers, digests, data, padding), like the kernel's txdata_octets. */
    private final LongAdder txDataOctets = new LongAdder();
    private final LongAdder rxDataOctets = new LongAdder();
    /** PDUs sent / received, indexed by opcode (bits 0-5 of byte 0). */
    private final LongAdder[] sent = adders();
    private final LongAdder[] received = adders();
    private final LongAdder digestErrors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder nopTimeouts = new LongAdder();

    /** A consistent-enough copy for logs and metrics (each field read once; no global lock). */
    public record Snapshot(long txDataOctets, long rxDataOctets, long txPdus, long rxPdus,
                           long scsiCommandPdus, long scsiResponsePdus, long dataOutPdus, long dataInPdus,
                           long r2tPdus, long tmfRequestPdus, long tmfResponsePdus, long nopOutPdus, long nopInPdus,
                           long loginPdus, long loginResponsePdus, long textPdus, long textResponsePdus,
                           long logoutPdus, long logoutResponsePdus, long snackPdus, long asyncPdus,
                           long rejectPdus, long digestErrors, long timeouts, long nopTimeouts) {}

    /** The transport wrote one PDU of {@code wireBytes} bytes. */
    public void pduSent(int opcode, long wireBytes) {
        sent[opcode & OPCODE_MASK].increment();
        txDataOctets.add(wireBytes);
    }

    /** The transport read one PDU of {@code wireBytes} bytes (counted even if its decoding then fails). */
    public void pduReceived(int opcode, long wireBytes) {
        received[opcode & OPCODE_MASK].increment();
        rxDataOctets.add(wireBytes);
    }

    public void digestError() {
        digestErrors.increment();
    }

    /** A task or login timed out (session layer). */
    public void timeout() {
        timeouts.increment();
    }

    /** A NOP-Out ping went unanswered (session layer). */
    public void nopTimeout() {
        nopTimeouts.increment();
    }

    public long sentPdus(int opcode) {
        return sent[opcode & OPCODE_MASK].sum();
    }

    public long receivedPdus(int opcode) {
        return received[opcode & OPCODE_MASK].sum();
    }

    public Snapshot snapshot() {
        return new Snapshot(txDataOctets.sum(), rxDataOctets.sum(), total(sent), total(received),
                sentPdus(OP_SCSI_COMMAND), receivedPdus(OP_SCSI_RESPONSE),
                sentPdus(OP_SCSI_DATA_OUT), receivedPdus(OP_SCSI_DATA_IN), receivedPdus(OP_R2T),
                sentPdus(OP_TASK_MANAGEMENT_REQUEST), receivedPdus(OP_TASK_MANAGEMENT_RESPONSE),
                sentPdus(OP_NOP_OUT), receivedPdus(OP_NOP_IN),
                sentPdus(OP_LOGIN_REQUEST), receivedPdus(OP_LOGIN_RESPONSE),
                sentPdus(OP_TEXT_REQUEST), receivedPdus(OP_TEXT_RESPONSE),
                sentPdus(OP_LOGOUT_REQUEST), receivedPdus(OP_LOGOUT_RESPONSE),
                sentPdus(OP_SNACK_REQUEST), receivedPdus(OP_ASYNC_MESSAGE), receivedPdus(OP_REJECT),
                digestErrors.sum(), timeouts.sum(), nopTimeouts.sum());
    }

    private static long total(LongAdder[] adders) {
        long sum = 0;
        for (LongAdder adder : adders) {
            sum += adder.sum();
        }
        return sum;
    }

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[OPCODES];
        for (int i = 0; i < OPCODES; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
