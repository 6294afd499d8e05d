package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every parser, fed every recorded tgt response cut at every length and with random bit flips, either decodes or
 * throws {@link ScsiDataException}: never an IndexOutOfBoundsException or any other runtime exception.
 */
class ParserRobustnessTest {

    interface Parser {
        Object parse(ByteBuffer b) throws ScsiDataException;
    }

    private static final List<Parser> PARSERS = List.of(
            StandardInquiry::parse, VpdPage::parse, ReadCapacity::parse10, ReadCapacity::parse16,
            LbaStatus::parse, ReportLuns::parse, ModeParameters::parse6, ModeParameters::parse10,
            SenseData::parse, DeviceIdentification::parse, BlockLimits::parse,
            VpdPage.SupportedPages::parse, VpdPage.UnitSerialNumber::parse,
            VpdPage.BlockDeviceCharacteristics::parse, VpdPage.LogicalBlockProvisioning::parse);

    private static final List<String> RECORDED = List.of(
            "lun1.inquiry", "lun1.vpd00", "lun1.vpd80", "lun1.vpd83", "lun1.vpdb0", "lun1.vpdb1", "lun1.vpdb2",
            "lun1.readcap16", "lun1.readcap10", "reportluns", "lun1.modesense6-all", "lun1.modesense10-all-dbd",
            "lun1.getlbastatus-0", "sense.lba-out-of-range");

    private static void parseAll(byte[] bytes) {
        for (Parser p : PARSERS) {
            try {
                Object decoded = p.parse(ByteBuffer.wrap(bytes));
                assertNotNull(decoded.toString());
            } catch (ScsiDataException expected) {
                assertNotNull(expected.getMessage());
            }
        }
    }

    @Test
    void givenRecordedResponsesCutAtEveryLength_whenParsedByEveryParser_thenDecodedOrTypedError() {
        for (String name : RECORDED) {
            byte[] data = Fixtures.tgt(name).data();
            for (int length = 0; length <= data.length; length++) {
                parseAll(java.util.Arrays.copyOf(data, length));
            }
        }
    }

    @Test
    void givenRecordedResponsesWithRandomBitFlips_whenParsedByEveryParser_thenDecodedOrTypedError() {
        Random random = new Random(2026);
        for (int i = 0; i < 4000; i++) {
            byte[] data = Fixtures.tgt(RECORDED.get(random.nextInt(RECORDED.size()))).data();
            for (int flips = random.nextInt(4) + 1; flips > 0 && data.length > 0; flips--) {
                data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
            }
            parseAll(data);
        }
    }

    @Test
    void givenRandomBytes_whenParsedByEveryParser_thenDecodedOrTypedError() {
        Random random = new Random(99);
        for (int i = 0; i < 4000; i++) {
            byte[] data = new byte[random.nextInt(80)];
            random.nextBytes(data);
            parseAll(data);
        }
    }
}
