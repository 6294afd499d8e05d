package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PduDescriptionsTest {
    @Test
    void givenScsiCommand_whenDescribed_thenSpecNamesHexTagsUnsignedNumbers() {
        ScsiCommand read = ScsiCommand.of(Lun.of(1), 0xdeadbeef, -2, 7, new byte[] {0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0},
                true, false, 4096, null);
        assertEquals("SCSI Command itt=0xdeadbeef Lun[1] F R attr=Simple edtl=4096 cmdSn=4294967294 expStatSn=7 "
                + "cdb=28000000000000000800000000000000 dataLength=0", PduDescriptions.describe(read));
    }

    @Test
    void givenLoginWithChapResponse_whenDescribed_thenTextNotPrinted() {
        LoginRequest login = new LoginRequest(false, false, 0, 0, 0, 0, 0x80123456789aL, 0, 1, 0, 0, 0,
                ByteBuffer.wrap("CHAP_N=user\0CHAP_R=0xfeedface\0".getBytes(StandardCharsets.US_ASCII)));
        String line = PduDescriptions.describe(login);
        assertFalse(line.contains("feedface") || line.contains("user"), line);
        assertTrue(line.startsWith("Login Request (I) SecurityNegotiation isid=0x80123456789a"), line);
    }

    @Test
    void givenLoginFailure_whenDescribed_thenClassAndDetailNamed() {
        LoginResponse response = new LoginResponse(false, false, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 1, null);
        assertTrue(PduDescriptions.describe(response).contains("Initiator Error 0x0201 (Authentication failure)"),
                PduDescriptions.describe(response));
    }

    @Test
    void givenRandomPdusOfEveryType_whenDescribed_thenOneLineNamedAfterTheOpcode() {
        Random random = new Random(7);
        for (var generator : RandomPdus.ALL) {
            IscsiPdu pdu = generator.apply(random);
            String line = PduDescriptions.describe(pdu);
            assertTrue(line.startsWith(IscsiConstants.nameOfOpcode(pdu.opcode())), line);
            assertFalse(line.contains("\n"), line);
            assertTrue(line.endsWith(" dataLength=" + pdu.data().remaining()), line);
        }
    }
}
