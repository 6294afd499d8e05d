package org.lunbridge.iscsi.login;

import java.nio.ByteBuffer;
import org.lunbridge.iscsi.pdu.LoginRequest;
import org.lunbridge.iscsi.pdu.LoginResponse;

/**
 * The thin adapter between the login state machine's plain values ({@link LoginMessages}) and the PDU records
 * of {@code org.lunbridge.iscsi.pdu} (RFC 7143 §11.12, §11.13). The session layer owns ITT, CmdSN and ExpStatSN.
 */
public final class LoginPdus {

    /** RFC 7143 §11.12.4: 0x00 is the only version defined. */
    public static final int VERSION = 0;

    private LoginPdus() {
    }

    /**
     * Our request as a Login Request PDU. NSG is written only with T set: §11.12.3 makes it reserved otherwise.
     */
    public static LoginRequest toPdu(LoginMessages.Request r, int itt, int cmdSn, int expStatSn) {
        return new LoginRequest(r.transit(), r.continues(), r.currentStage().code(),
                r.transit() ? r.nextStage().code() : 0, VERSION, VERSION, r.isid().toLong(), r.tsih(), itt, r.cid(),
                cmdSn, expStatSn, ByteBuffer.wrap(r.data()));
    }

    /**
     * A received Login Response as plain values. The target must echo our ISID (§11.13: the ISID of the request);
     * a different one means the response is not for this login.
     */
    public static LoginMessages.Response fromPdu(LoginResponse pdu, Isid expectedIsid) throws LoginProtocolException {
        if (pdu.isid() != expectedIsid.toLong()) {
            throw new LoginProtocolException("login response ISID " + Isid.fromLong(pdu.isid()) + " (expected: "
                    + expectedIsid + ")");
        }
        ByteBuffer data = pdu.data();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return new LoginMessages.Response(pdu.transit(), pdu.cont(), pdu.csg(), pdu.nsg(), pdu.versionMax(),
                pdu.versionActive(), pdu.tsih(), pdu.statusClass(), pdu.statusDetail(), bytes);
    }
}
