package org.lunbridge.nbd.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import org.junit.jupiter.api.Test;

class NbdConstantsTest {
    @Test
    void givenSpecValues_whenNamed_thenSpecNames() {
        assertEquals("NBD_OPT_EXTENDED_HEADERS", nameOfOption(11));
        assertEquals("NBD_REP_ERR_EXT_HEADER_REQD", nameOfOptionReply((1 << 31) + 10));
        assertEquals("NBD_CMD_BLOCK_STATUS", nameOfCommand(7));
        assertEquals("NBD_REPLY_TYPE_ERROR_OFFSET", nameOfReplyType(32770));
        assertEquals("NBD_INFO_BLOCK_SIZE", nameOfInfo(3));
        assertEquals("UNKNOWN(0x63)", nameOfCommand(99));
        assertEquals("FUA|FAST_ZERO", nameOfCommandFlags(0x11));
        assertEquals("HAS_FLAGS|READ_ONLY|SEND_CACHE", nameOfTransmissionFlags(0x403));
    }

    @Test
    void givenSpecTable_whenCompared_thenValuesMatch() {
        assertEquals(0x3e889045565a9L, NBD_REP_MAGIC);
        assertEquals(0x80000009, NBD_REP_ERR_TOO_BIG);
        assertEquals(1 << 11, NBD_FLAG_SEND_FAST_ZERO);
        assertEquals(1 << 5, NBD_CMD_FLAG_PAYLOAD_LEN);
    }
}
