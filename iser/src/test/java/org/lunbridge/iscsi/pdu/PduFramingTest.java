package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PduFramingTest {
    @Test
    void givenLengths_whenPadded_thenNextMultipleOf4() {
        int[][] cases = {{0, 0}, {1, 4}, {2, 4}, {3, 4}, {4, 4}, {5, 8}, {0xff_ffff, 0x100_0000}};
        for (int[] c : cases) {
            assertEquals(c[1], PduFraming.padTo4(c[0]), "" + c[0]);
            assertEquals(c[1] - c[0], PduFraming.padding(c[0]));
        }
        assertThrows(IllegalArgumentException.class, () -> PduFraming.padTo4(-1));
    }

    @Test
    void givenBhs_whenFramed_thenAhsAndDataLengthsAndWireLengthFollow() {
        // Opcode 0x01, TotalAHSLength 3 words, DataSegmentLength 0xfffffd, at a non-zero position.
        ByteBuffer buffer = ByteBuffer.allocate(60).position(4);
        ByteBuffer bhs = buffer.slice();
        buffer.put(4, (byte) 0x41).putInt(8, 0x03ff_fffd);
        assertEquals(0x01, PduFraming.opcode(buffer));
        assertEquals(12, PduFraming.totalAhsLengthBytes(buffer));
        assertEquals(0xff_fffd, PduFraming.dataSegmentLength(buffer));
        assertEquals(60, PduFraming.headerLength(buffer));
        assertEquals(60 + 4 + 0x100_0000 + 4, PduFraming.wireLength(buffer, true, true));
        assertEquals(60 + 0x100_0000, PduFraming.wireLength(buffer, false, false));
        assertEquals(4, buffer.position());
        assertEquals(PduFraming.headerLength(buffer), PduFraming.headerLength(bhs));
    }

    @Test
    void givenEmptyDataSegment_whenWireLength_thenNoDataDigest() {
        ByteBuffer bhs = ByteBuffer.allocate(48);
        assertEquals(52, PduFraming.wireLength(bhs, true, true));
    }

    @Test
    void givenShortBuffer_whenFramed_thenRefused() {
        assertThrows(IllegalArgumentException.class, () -> PduFraming.dataSegmentLength(ByteBuffer.allocate(47)));
    }
}
