package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScsiConstantsTest {

    @Test
    void givenStatusCodes_whenNamed_thenSam5Names() {
        assertEquals("GOOD", ScsiConstants.nameOfStatus(0x00));
        assertEquals("CHECK CONDITION", ScsiConstants.nameOfStatus(0x02));
        assertEquals("BUSY", ScsiConstants.nameOfStatus(0x08));
        assertEquals("RESERVATION CONFLICT", ScsiConstants.nameOfStatus(0x18));
        assertEquals("TASK SET FULL", ScsiConstants.nameOfStatus(0x28));
        assertEquals("ACA ACTIVE", ScsiConstants.nameOfStatus(0x30));
        assertEquals("TASK ABORTED", ScsiConstants.nameOfStatus(0x40));
        assertEquals("STATUS 0x7E", ScsiConstants.nameOfStatus(0x7E));
    }

    @Test
    void givenEverySenseKey_whenNamed_thenNamedOrHexForReserved() {
        assertEquals("ILLEGAL REQUEST", ScsiConstants.nameOfSenseKey(0x5));
        assertEquals("UNIT ATTENTION", ScsiConstants.nameOfSenseKey(0x6));
        assertEquals("ABORTED COMMAND", ScsiConstants.nameOfSenseKey(0xB));
        assertEquals("SENSE KEY 0x0C", ScsiConstants.nameOfSenseKey(0xC));
        for (int key = 0; key < 16; key++) {
            assertFalse(ScsiConstants.nameOfSenseKey(key).isBlank());
        }
    }

    @Test
    void givenOpcodesVpdPagesAndTypes_whenNamed_thenSpecNames() {
        assertEquals("WRITE SAME(16)", ScsiConstants.nameOfOpcode(0x93));
        assertEquals("SERVICE ACTION IN(16)", ScsiConstants.nameOfOpcode(0x9E));
        assertEquals("OPCODE 0xFF", ScsiConstants.nameOfOpcode(0xFF));
        assertEquals("LOGICAL BLOCK PROVISIONING", ScsiConstants.nameOfVpdPage(0xB2));
        assertEquals("VPD PAGE 0xC0", ScsiConstants.nameOfVpdPage(0xC0));
        assertEquals("STORAGE ARRAY CONTROLLER", ScsiConstants.nameOfDeviceType(0x0C));
    }

    @Test
    void givenEveryBuilderOpcode_whenNamed_thenNotHex() {
        int[] opcodes = {
            PrimaryCommands.testUnitReady().opcode(), PrimaryCommands.inquiry(36).opcode(),
            PrimaryCommands.reportLuns(0, 16).opcode(), PrimaryCommands.modeSense6(true, 0, 8, 0, 4).opcode(),
            PrimaryCommands.modeSense10(false, true, 0, 8, 0, 8).opcode(),
            PrimaryCommands.requestSense(false, 18).opcode(), BlockCommands.readCapacity10().opcode(),
            BlockCommands.synchronizeCache(false).opcode(),
            BlockCommands.unmap(java.util.List.of(new BlockRange(0, 1))).cdb().opcode(),
            BlockCommands.preFetch16(new BlockRange(0, 1), false).opcode(),
            BlockCommands.synchronizeCache16(new BlockRange(0, 1), false).opcode(),
        };
        Arrays.stream(opcodes).forEach(op -> assertFalse(ScsiConstants.nameOfOpcode(op).startsWith("OPCODE"),
                "opcode " + op));
    }

    @Test
    void givenAdditionalSenseTable_whenLookedUp_thenEveryEntryRoundTrips() {
        for (AdditionalSense s : AdditionalSense.values()) {
            assertEquals(s, AdditionalSense.of(s.asc(), s.ascq()).orElseThrow());
            assertEquals(s.text(), AdditionalSense.nameOf(s.asc(), s.ascq()));
        }
    }
}
