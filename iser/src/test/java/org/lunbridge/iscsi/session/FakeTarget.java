package org.lunbridge.iscsi.session;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lunbridge.iscsi.login.ConnectionParameters;
import org.lunbridge.iscsi.login.DigestType;
import org.lunbridge.iscsi.login.Isid;
import org.lunbridge.iscsi.login.LoginStep;
import org.lunbridge.iscsi.login.SessionParameters;
import org.lunbridge.iscsi.login.SessionType;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.InitiatorPdu;
import org.lunbridge.iscsi.pdu.PduDecoder;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.TargetPdu;

/**
 * A scripted target behind a {@link PduTransport}: every PDU goes through the real encoder and decoder in both
 * directions (so the session is tested against wire-exact PDUs); the test reads what the initiator sent and
 * feeds responses. Deterministic: the test decides every byte and every moment, the clock is manual.
 */
final class FakeTarget implements PduTransport {

    private static final Object EOF = new Object();

    private final LinkedBlockingQueue<InitiatorPdu> sent = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
    final AtomicLong clockNanos = new AtomicLong(1_000_000_000L);
    volatile boolean closed;

    @Override
    public void send(InitiatorPdu pdu) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        EncodedPdu e = PduEncoder.encode(pdu);
        sent.add(PduDecoder.decodeInitiatorPdu(e.header(), e.data()));
    }

    @Override
    public TargetPdu receive() throws IOException {
        try {
            Object o = inbound.take();
            if (o == EOF) {
                inbound.add(EOF);
                throw new EOFException("connection to fake closed by the target");
            }
            if (o instanceof IOException e) {
                throw e;
            }
            return (TargetPdu) o;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void enterFullFeaturePhase(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength,
                                      int maxSendDataSegmentLength) {
    }

    @Override
    public String peer() {
        return "fake";
    }

    @Override
    public void close() {
        closed = true;
        inbound.add(EOF);
    }

    /** Sends {@code pdu} to the initiator, through the codec. */
    void reply(TargetPdu pdu) {
        EncodedPdu e = PduEncoder.encode(pdu);
        try {
            inbound.add(PduDecoder.decodeTargetPdu(e.header(), e.data()));
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    void fail(IOException e) {
        inbound.add(e);
    }

    void dropConnection() {
        inbound.add(EOF);
    }

    /** The next PDU the initiator sent (waits up to 5 s: the writer is a thread). */
    <T extends InitiatorPdu> T next(Class<T> type) throws InterruptedException {
        InitiatorPdu pdu = sent.poll(5, TimeUnit.SECONDS);
        assertNotNull(pdu, "initiator sent nothing (expected " + type.getSimpleName() + ")");
        return type.cast(pdu);
    }

    /** Asserts nothing more was sent within a short grace period. */
    void assertNothingSent() throws InterruptedException {
        assertNull(sent.poll(100, TimeUnit.MILLISECONDS), "initiator sent an unexpected PDU");
    }

    long now() {
        return clockNanos.get();
    }

    void advanceMillis(long millis) {
        clockNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    // ---- a logged-in session over this target -----------------------------------------------------------------

    record Params(boolean immediateData, boolean initialR2t, int firstBurst, int maxBurst, int targetMrdsl,
                  int maxOutstandingR2t) {
        static Params defaults() {
            return new Params(true, false, 65536, 262144, 8192, 1);
        }
    }

    IscsiSession start(Params p, int cmdSn, int maxCmdSn) {
        return start(p, cmdSn, maxCmdSn, SessionConfig.defaults().withTickMillis(0));
    }

    IscsiSession start(Params p, int cmdSn, int maxCmdSn, SessionConfig config) {
        SessionParameters sp = new SessionParameters(SessionType.NORMAL, "iqn.2024-01.org.lunbridge:test",
                Optional.empty(), Optional.of("iqn.2024-01.org.example:disk"), Optional.empty(), OptionalInt.of(1),
                1, p.initialR2t(), p.immediateData(), p.maxBurst(), p.firstBurst(), 2, 0, p.maxOutstandingR2t(),
                true, true, 0, false);
        ConnectionParameters cp = new ConnectionParameters(DigestType.NONE, DigestType.NONE, 262144,
                p.targetMrdsl(), 262144, 262144);
        LoginStep.LoginResult result = new LoginStep.LoginResult(sp, cp, Isid.enterpriseNumber(0x1234, 1), 7,
                Optional.empty());
        return IscsiSession.start(this, new LoginDriver.Established(result, cmdSn, cmdSn, maxCmdSn, 1), config,
                clockNanos::get);
    }
}
