package org.lunbridge.iscsi.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lunbridge.iscsi.login.DiscoveredTarget;
import org.lunbridge.iscsi.login.KeyValueCodec;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.login.LoginConversation;
import org.lunbridge.iscsi.login.SendTargets;
import org.lunbridge.iscsi.login.SessionType;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.LogoutRequest;
import org.lunbridge.iscsi.pdu.LogoutResponse;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.ProtocolViolationException;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.pdu.TextRequest;
import org.lunbridge.iscsi.pdu.TextResponse;

/**
 * A discovery session (RFC 7143 §4.3, Appendix C): login with SessionType=Discovery, one SendTargets=All text
 * exchange (continued with empty Text Requests while the target sets C, §11.10.2), logout. Synchronous: one request
 * is in flight at a time, so no window or task table is needed.
 */
public final class DiscoverySession {

    private static final int TEXT_ITT = 1;
    private static final int LOGOUT_ITT = 2;
    /** SendTargets answers are small; this bounds a target that never stops sending C=1. */
    private static final int MAX_TEXT_BYTES = 1 << 20;

    private DiscoverySession() {
    }

    /**
     * Runs the discovery on a connected transport and closes it. {@code timeoutMillis} bounds the whole exchange:
     * after it the transport is closed, which ends any blocked read with an error.
     */
    public static List<DiscoveredTarget> sendTargets(PduTransport transport, LoginConfig login, long timeoutMillis)
            throws IOException {
        if (login.sessionType() != SessionType.DISCOVERY) {
            throw new IllegalArgumentException("a discovery session needs SessionType=Discovery");
        }
        return sendTargets(transport, LoginDriver.conversation(login), timeoutMillis);
    }

    /** As above with a conversation the caller keeps (for the CHAP retry policy). */
    public static List<DiscoveredTarget> sendTargets(PduTransport transport, LoginConversation conversation,
                                                     long timeoutMillis) throws IOException {
        AtomicBoolean finished = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeoutMillis);
                if (!finished.get()) {
                    transport.close();
                }
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        try {
            LoginDriver.Established e = LoginDriver.login(transport, conversation, 1);
            int cmdSn = e.cmdSn();
            int expStatSn = e.expStatSn();
            byte[] request = KeyValueCodec.encode(SendTargets.requestAll());
            transport.send(new TextRequest(false, true, false, Lun.ZERO, TEXT_ITT, IscsiConstants.RESERVED_TAG,
                    cmdSn, expStatSn, ByteBuffer.wrap(request)));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            while (true) {
                TextResponse r = expect(transport.receive(), TextResponse.class);
                expStatSn = r.statSn() + 1;
                ByteBuffer data = r.data();
                byte[] part = new byte[data.remaining()];
                data.get(part);
                text.write(part);
                if (text.size() > MAX_TEXT_BYTES) {
                    throw new ProtocolViolationException("SendTargets response above " + MAX_TEXT_BYTES + " bytes");
                }
                if (!r.cont()) {
                    break;
                }
                // §11.10.4: fetch the rest with an empty request echoing the TTT; same CmdSN chain.
                cmdSn++;
                transport.send(new TextRequest(false, true, false, Lun.ZERO, TEXT_ITT, r.ttt(), cmdSn, expStatSn,
                        null));
            }
            List<DiscoveredTarget> targets = SendTargets.parse(text.toByteArray());
            cmdSn++;
            transport.send(new LogoutRequest(true, IscsiConstants.LOGOUT_CLOSE_SESSION, LOGOUT_ITT, 0, cmdSn,
                    expStatSn));
            expect(transport.receive(), LogoutResponse.class);
            return targets;
        } finally {
            finished.set(true);
            watchdog.interrupt();
            transport.close();
        }
    }

    private static <T extends TargetPdu> T expect(TargetPdu pdu, Class<T> type) throws ProtocolViolationException {
        if (!type.isInstance(pdu)) {
            throw new ProtocolViolationException("discovery: expected " + type.getSimpleName() + ", got opcode 0x"
                    + Integer.toHexString(pdu.opcode()));
        }
        return type.cast(pdu);
    }
}
