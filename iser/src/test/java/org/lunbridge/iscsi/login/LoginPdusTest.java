package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.pdu.LoginRequest;
import org.lunbridge.iscsi.pdu.LoginResponse;

class LoginPdusTest {

    private static final Isid ISID = Isid.enterpriseNumber(32473, 5);

    @Test
    void givenFirstRequest_whenAdapted_thenPduFieldsMatch() throws Exception {
        LoginConversation c = new LoginConversation(LoginConfig.normal("iqn.2026-11.org.lunbridge:h",
                "iqn.2026-11.org.lunbridge:t", ISID));
        LoginMessages.Request r = ((LoginStep.Send) c.start()).request();
        LoginRequest pdu = LoginPdus.toPdu(r, 0x77, 1, 0);
        assertTrue(pdu.transit());
        assertEquals(0, pdu.csg());
        assertEquals(1, pdu.nsg());
        assertEquals(0x40007ed90005L, pdu.isid());
        assertEquals(0, pdu.tsih());
        assertEquals(0x77, pdu.itt());
        assertEquals(0, pdu.versionMax());
        ByteBuffer data = pdu.data();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        assertArrayEquals(r.data(), bytes);
    }

    @Test
    void givenRequestWithoutTransit_whenAdapted_thenNsgZero() {
        LoginMessages.Request r = new LoginMessages.Request(false, false, LoginStage.SECURITY_NEGOTIATION,
                LoginStage.LOGIN_OPERATIONAL_NEGOTIATION, ISID, 0, 0, new byte[0]);
        assertEquals(0, LoginPdus.toPdu(r, 1, 1, 0).nsg());
    }

    @Test
    void givenResponse_whenAdapted_thenPlainValues() throws Exception {
        byte[] text = "AuthMethod=None\0".getBytes(StandardCharsets.US_ASCII);
        LoginResponse pdu = new LoginResponse(true, false, 0, 1, 0, 0, ISID.toLong(), 0x0100, 0x77, 5, 1, 1, 0, 0,
                ByteBuffer.wrap(text));
        LoginMessages.Response r = LoginPdus.fromPdu(pdu, ISID);
        assertEquals(new LoginMessages.Response(true, false, 0, 1, 0, 0, 0x0100, 0, 0, text), r);
    }

    @Test
    void givenResponseForAnotherIsid_whenAdapted_thenProtocolError() {
        LoginResponse pdu = new LoginResponse(false, false, 0, 0, 0, 0, ISID.forSlot(1).toLong(), 0, 0x77, 5, 1, 1,
                0, 0, ByteBuffer.allocate(0));
        assertThrows(LoginProtocolException.class, () -> LoginPdus.fromPdu(pdu, ISID));
    }
}
