package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;
import static org.lunbridge.iscsi.scsi.Fixtures.buf;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Sense data per SPC-4 §4.5, fixtures laid out field by field. */
class SenseDataTest {

    @Test
    void givenFixedSenseWithValidInformation_whenParsed_thenLbaInToString() throws Exception {
        // VALID+70h | obsolete | MEDIUM ERROR | INFORMATION 7Bh | ADDL LENGTH 0Ah | CSI | ASC 11h ASCQ 00h | FRU | SKS
        SenseData s = SenseData.parse(buf("f0 | 00 | 03 | 0000007b | 0a | 00000000 | 11 | 00 | 00 | 000000"));

        assertEquals(ScsiConstants.MEDIUM_ERROR, s.senseKey());
        assertEquals(OptionalLong.of(123), s.information());
        assertFalse(s.descriptorFormat());
        assertFalse(s.deferred());
        assertEquals("MEDIUM ERROR: UNRECOVERED READ ERROR (0x11/0x00) at LBA 123", s.toString());
    }

    @Test
    void givenFixedSenseWithoutValid_whenParsed_thenNoInformation() throws Exception {
        SenseData s = SenseData.parse(buf("70 00 05 0000007b 0a 00000000 21 00 00 000000"));

        assertTrue(s.information().isEmpty());
        assertEquals("ILLEGAL REQUEST: LOGICAL BLOCK ADDRESS OUT OF RANGE (0x21/0x00)", s.toString());
    }

    @Test
    void givenFixedSenseWithFieldPointer_whenParsed_thenCdbBytePointedAt() throws Exception {
        // SKSV | C/D | BPV + bit pointer 5 | FIELD POINTER 0002h
        SenseData s = SenseData.parse(buf("70 00 05 00000000 0a 00000000 24 00 00 | cd 00 02"));

        SenseKeySpecific f = s.senseKeySpecific().orElseThrow();
        assertTrue(f.commandData());
        assertTrue(f.bitPointerValid());
        assertEquals(5, f.bitPointer());
        assertEquals(2, f.fieldPointer());
        assertEquals("ILLEGAL REQUEST: INVALID FIELD IN CDB (0x24/0x00), CDB byte 2 bit 5", s.toString());
    }

    @Test
    void givenFixedNotReadyWithProgress_whenParsed_thenProgressShown() throws Exception {
        SenseData s = SenseData.parse(buf("70 00 02 00000000 0a 00000000 04 04 00 | 80 80 00"));

        assertEquals(0.5, s.senseKeySpecific().orElseThrow().progress());
        assertEquals("NOT READY: LOGICAL UNIT NOT READY, FORMAT IN PROGRESS (0x04/0x04), progress 50.0%",
                s.toString());
    }

    @Test
    void givenDeferredFixedSense_whenParsed_thenMarkedDeferred() throws Exception {
        SenseData s = SenseData.parse(buf("71 00 03 00000000 0a 00000000 0c 00 00 000000"));

        assertTrue(s.deferred());
        assertEquals("deferred MEDIUM ERROR: WRITE ERROR (0x0C/0x00)", s.toString());
    }

    @Test
    void givenDescriptorSenseWith64BitInformation_whenParsed_thenLbaAbove32Bits() throws Exception {
        // 72h | key 5 | ASC 21h | ASCQ 00h | reserved x3 | ADDL LENGTH 0Ch |
        // Information descriptor: type 00h | length 0Ah | VALID | reserved | INFORMATION x8
        SenseData s = SenseData.parse(buf("72 | 05 | 21 | 00 | 000000 | 0c | 00 | 0a | 80 | 00 | 00000001 23456789"));

        assertTrue(s.descriptorFormat());
        assertEquals(OptionalLong.of(0x1_2345_6789L), s.information());
        assertEquals(List.of(new SenseDescriptor.Information(true, 0x1_2345_6789L)), s.descriptors());
        assertEquals("ILLEGAL REQUEST: LOGICAL BLOCK ADDRESS OUT OF RANGE (0x21/0x00) at LBA 4886718345",
                s.toString());
    }

    @Test
    void givenDescriptorSenseWithSeveralDescriptors_whenParsed_thenEachDecoded() throws Exception {
        SenseData s = SenseData.parse(buf("""
                73 03 11 00 000000 2c
                00 0a 00 00 0000000000000010
                01 0a 00 00 00000000000000ff
                02 06 00 00 80 00 00 00
                03 02 00 07
                05 02 00 20
                80 02 aa bb"""));

        assertTrue(s.deferred());
        assertTrue(s.information().isEmpty(), "information descriptor without VALID");
        assertEquals(OptionalLong.of(0xFF), s.commandSpecificInformation());
        assertTrue(s.senseKeySpecific().isPresent());
        assertTrue(s.incorrectLengthIndicator());
        assertEquals(6, s.descriptors().size());
        assertEquals(new SenseDescriptor.FieldReplaceableUnit(7), s.descriptors().get(3));
        assertEquals(new SenseDescriptor.Other(0x80, Fixtures.hex("80 02 aa bb")), s.descriptors().get(5));
    }

    @Test
    void givenDescriptorSenseCutInsideADescriptor_whenParsed_thenCompleteDescriptorsKept() throws Exception {
        SenseData s = SenseData.parse(buf("72 06 2a 09 000000 18 | 03 02 00 01 | 00 0a 80 00 0000"));

        assertTrue(s.is(AdditionalSense.CAPACITY_DATA_HAS_CHANGED));
        assertEquals(List.of(new SenseDescriptor.FieldReplaceableUnit(1)), s.descriptors());
        assertTrue(s.information().isEmpty());
    }

    @Test
    void givenFixedSenseCutAfterEightBytes_whenParsed_thenKeyKeptAndAscZero() throws Exception {
        SenseData s = SenseData.parse(buf("70 00 06 00000000 0a"));

        assertEquals(ScsiConstants.UNIT_ATTENTION, s.senseKey());
        assertEquals(0, s.asc());
        assertTrue(s.senseKeySpecific().isEmpty());
    }

    @Test
    void givenAdditionalLengthShorterThanBytes_whenParsed_thenBytesBeyondIgnored() throws Exception {
        // ADDITIONAL SENSE LENGTH 4 ends the data before ASC: the 29h after it is padding, not an ASC.
        SenseData s = SenseData.parse(buf("70 00 06 00000000 04 00000000 29 00 00 000000"));

        assertEquals(0, s.asc());
    }

    @Test
    void givenMalformedSense_whenParsed_thenTypedError() {
        assertThrows(ScsiDataException.class, () -> SenseData.parse(ByteBuffer.allocate(0)));
        assertThrows(ScsiDataException.class, () -> SenseData.parse(buf("70 00")));
        assertThrows(ScsiDataException.class, () -> SenseData.parse(buf("72 05 24")));
        var e = assertThrows(ScsiDataException.class, () -> SenseData.parse(buf("7f 00 05 00 00 00 00 00")));
        assertTrue(e.getMessage().contains("0x7F"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "2; 04; 01; NOT READY: LOGICAL UNIT IS IN PROCESS OF BECOMING READY (0x04/0x01)",
        "2; 04; 03; NOT READY: LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED (0x04/0x03)",
        "2; 3a; 00; NOT READY: MEDIUM NOT PRESENT (0x3A/0x00)",
        "3; 11; 00; MEDIUM ERROR: UNRECOVERED READ ERROR (0x11/0x00)",
        "3; 0c; 00; MEDIUM ERROR: WRITE ERROR (0x0C/0x00)",
        "5; 20; 00; ILLEGAL REQUEST: INVALID COMMAND OPERATION CODE (0x20/0x00)",
        "5; 24; 00; ILLEGAL REQUEST: INVALID FIELD IN CDB (0x24/0x00)",
        "5; 21; 00; ILLEGAL REQUEST: LOGICAL BLOCK ADDRESS OUT OF RANGE (0x21/0x00)",
        "5; 26; 00; ILLEGAL REQUEST: INVALID FIELD IN PARAMETER LIST (0x26/0x00)",
        "6; 29; 00; UNIT ATTENTION: POWER ON, RESET, OR BUS DEVICE RESET OCCURRED (0x29/0x00)",
        "6; 29; 03; UNIT ATTENTION: BUS DEVICE RESET FUNCTION OCCURRED (0x29/0x03)",
        "6; 2a; 00; UNIT ATTENTION: PARAMETERS CHANGED (0x2A/0x00)",
        "6; 2a; 01; UNIT ATTENTION: MODE PARAMETERS CHANGED (0x2A/0x01)",
        "6; 2a; 09; UNIT ATTENTION: CAPACITY DATA HAS CHANGED (0x2A/0x09)",
        "6; 3f; 0e; UNIT ATTENTION: REPORTED LUNS DATA HAS CHANGED (0x3F/0x0E)",
        "7; 27; 00; DATA PROTECT: WRITE PROTECTED (0x27/0x00)",
        "7; 27; 07; DATA PROTECT: SPACE ALLOCATION FAILED WRITE PROTECT (0x27/0x07)",
        "11; 47; 00; ABORTED COMMAND: SCSI PARITY ERROR (0x47/0x00)",
        "11; 4b; 00; ABORTED COMMAND: DATA PHASE ERROR (0x4B/0x00)",
        "4; 44; 00; HARDWARE ERROR: INTERNAL TARGET FAILURE (0x44/0x00)",
        "6; 29; 55; UNIT ATTENTION: POWER ON, RESET, OR BUS DEVICE RESET OCCURRED (QUALIFIER UNKNOWN) (0x29/0x55)",
        "5; 80; 01; ILLEGAL REQUEST: VENDOR SPECIFIC (0x80/0x01)",
        "1; 7e; 00; RECOVERED ERROR: UNKNOWN ADDITIONAL SENSE (0x7E/0x00)",
    })
    void givenCommonSenseCodes_whenFormatted_thenLogReaderText(int key, String asc, String ascq, String text)
            throws Exception {
        byte[] b = Fixtures.hex("70 00 0" + Integer.toHexString(key) + " 00000000 0a 00000000 " + asc + " " + ascq
                + " 00 000000");

        assertEquals(text, SenseData.parse(ByteBuffer.wrap(b)).toString());
        assertEquals(text, SenseData.of(key, Integer.parseInt(asc, 16), Integer.parseInt(ascq, 16)).toString());
    }

    @Test
    void givenCheckCondition_whenExceptionBuilt_thenMessageCarriesCommandAndSense() {
        SenseData sense = SenseData.of(ScsiConstants.DATA_PROTECT, 0x27, 0x00);
        var e = new CheckConditionException("WRITE(10) lba=0 blocks=1", sense);

        assertEquals(ScsiConstants.CHECK_CONDITION, e.status());
        assertSame(sense, e.sense());
        assertEquals("WRITE(10) lba=0 blocks=1: CHECK CONDITION, DATA PROTECT: WRITE PROTECTED (0x27/0x00)",
                e.getMessage());
        assertInstanceOf(ScsiStatusException.class, e);
    }

    @Test
    void givenBusyAndTaskSetFull_whenStatusExceptionBuilt_thenRetryableLaterAndNamed() {
        var busy = new ScsiStatusException(ScsiConstants.BUSY, "READ(10) lba=0 blocks=1");
        var full = new ScsiStatusException(ScsiConstants.TASK_SET_FULL, "READ(10) lba=0 blocks=1");
        var conflict = new ScsiStatusException(ScsiConstants.RESERVATION_CONFLICT, "WRITE(10) lba=0 blocks=1");

        assertTrue(busy.isRetryableLater());
        assertTrue(full.isRetryableLater());
        assertFalse(conflict.isRetryableLater());
        assertEquals("READ(10) lba=0 blocks=1: TASK SET FULL (0x28)", full.getMessage());
        assertEquals("WRITE(10) lba=0 blocks=1: RESERVATION CONFLICT (0x18)", conflict.getMessage());
    }

    @Test
    void givenRandomBytes_whenParsed_thenDecodedOrTypedErrorNeverAnythingElse() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) {
                b[0] = (byte) (0x70 + random.nextInt(4));
            }
            try {
                SenseData s = SenseData.parse(ByteBuffer.wrap(b));
                assertNotNull(s.toString());
            } catch (ScsiDataException expected) {
                // typed rejection is fine
            }
        }
    }
}
