package org.lunbridge.iscsi.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lunbridge.iscsi.login.DigestType;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.login.LoginConversation;
import org.lunbridge.iscsi.login.LoginException;
import org.lunbridge.iscsi.login.LoginMessages;
import org.lunbridge.iscsi.login.LoginProtocolException;
import org.lunbridge.iscsi.login.LoginStep;
import org.lunbridge.iscsi.pdu.LoginRequest;
import org.lunbridge.iscsi.pdu.LoginResponse;
import org.lunbridge.iscsi.pdu.TargetPdu;

/**
 * Adapts the pure {@link LoginConversation} to Login PDUs over a {@link PduTransport} (RFC 7143 §6, §11.12,
 * §11.13). Login Requests are immediate and all carry the same CmdSN, the one the first command after login uses
 * (§3.2.2.1); ExpStatSN acknowledges the previous Login Response (§11.12.8).
 */
final class LoginDriver {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.iscsi.session");

    /** ITT of every Login Request of a login (§11.12: one task, the login). */
    static final int LOGIN_ITT = 0;

    /** What full feature phase starts with. */
    record Established(LoginStep.LoginResult result, int cmdSn, int expCmdSn, int maxCmdSn, int expStatSn) {
        boolean headerDigest() {
            return result.connection().headerDigest() == DigestType.CRC32C;
        }

        boolean dataDigest() {
            return result.connection().dataDigest() == DigestType.CRC32C;
        }
    }

    private LoginDriver() {
    }

    /**
     * Runs one login to completion and switches the transport to full feature phase (digests on, §13.1).
     *
     * @param initialCmdSn the CmdSN of the Login Requests and of the first command
     * @throws LoginException the login package's typed failures, including redirection
     */
    static Established login(PduTransport transport, LoginConversation conversation, int initialCmdSn)
            throws IOException {
        LoginStep step = conversation.start();
        int expStatSn = 0;
        while (step instanceof LoginStep.Send send) {
            LoginMessages.Request r = send.request();
            transport.send(new LoginRequest(r.transit(), r.continues(), r.currentStage().code(),
                    r.nextStage().code(), 0, 0, r.isid().toLong(), r.tsih(), LOGIN_ITT, r.cid(), initialCmdSn,
                    expStatSn, ByteBuffer.wrap(r.data())));
            TargetPdu pdu = transport.receive();
            if (!(pdu instanceof LoginResponse response)) {
                throw new LoginProtocolException("expected a Login Response, got opcode 0x"
                        + Integer.toHexString(pdu.opcode()) + " during login (RFC 7143 §6)");
            }
            if (response.itt() != LOGIN_ITT) {
                throw new LoginProtocolException("Login Response ITT 0x" + Integer.toHexString(response.itt())
                        + " (expected: 0x" + Integer.toHexString(LOGIN_ITT) + ")");
            }
            // §11.13.6: StatSN of the first response is where the connection's status numbering starts.
            expStatSn = response.statSn() + 1;
            step = conversation.onResponse(toMessage(response));
            if (step instanceof LoginStep.Complete done) {
                LOG.log(System.Logger.Level.INFO, "logged in to {0}: TSIH {1}, {2}, {3}", transport.peer(),
                        done.result().tsih(), done.result().session(), done.result().connection());
                Established e = new Established(done.result(), initialCmdSn, response.expCmdSn(),
                        response.maxCmdSn(), expStatSn);
                transport.enterFullFeaturePhase(e.headerDigest(), e.dataDigest(),
                        done.result().connection().initiatorMaxRecvDataSegmentLength(),
                        done.result().connection().maxSendDataSegmentLength());
                return e;
            }
        }
        throw new LoginProtocolException("login ended without reaching full feature phase");
    }

    /**
     * As {@link #login(PduTransport, LoginConversation, int)}, bounded: a target that stops answering makes the
     * watchdog close the transport, which ends the blocked read.
     */
    static Established login(PduTransport transport, LoginConversation conversation, int initialCmdSn,
                             long timeoutMillis) throws IOException {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeoutMillis);
                if (!finished.get()) {
                    timedOut.set(true);
                    transport.close();
                }
            } catch (InterruptedException e) {
                // login finished in time
            }
        });
        try {
            return login(transport, conversation, initialCmdSn);
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new IOException("no login response from " + transport.peer() + " within " + timeoutMillis
                        + " ms", e);
            }
            throw e;
        } finally {
            finished.set(true);
            watchdog.interrupt();
        }
    }

    private static LoginMessages.Response toMessage(LoginResponse r) {
        ByteBuffer data = r.data();
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return new LoginMessages.Response(r.transit(), r.cont(), r.csg(), r.nsg(), r.versionMax(),
                r.versionActive(), r.tsih(), r.statusClass(), r.statusDetail(), bytes);
    }

    /** A fresh conversation for {@code config}. */
    static LoginConversation conversation(LoginConfig config) {
        return new LoginConversation(config);
    }
}
