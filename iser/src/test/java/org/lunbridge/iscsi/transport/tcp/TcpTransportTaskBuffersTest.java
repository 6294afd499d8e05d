package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.ScsiCommand;
import org.lunbridge.iscsi.transport.TaskBuffers;
import org.junit.jupiter.api.Test;

/** The iSER extension points leave TCP unchanged: {@code sendCommand} is a plain send, the buffers unused. */
class TcpTransportTaskBuffersTest {
    @Test
    void givenTcp_whenSendCommandWithBuffers_thenWireIsThePlainCommandAndBuffersUntouched() throws Exception {
        try (LoopbackPair pair = LoopbackPair.open()) {
            assertFalse(pair.transport.caps().rdmaDataMovement());
            ByteBuffer immediate = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            ScsiCommand write = ScsiCommand.of(Lun.ZERO, 9, 1, 1, new byte[] {0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0}, false,
                    true, 512, immediate);
            ByteBuffer writeData = ByteBuffer.allocate(512);
            pair.transport.sendCommand(PduEncoder.encode(write), TaskBuffers.write(9, writeData));
            byte[] expected = LoopbackPair.frame(write, false, false);
            assertArrayEquals(expected, pair.peerRead(expected.length));
            assertEquals(0, writeData.position());
            pair.transport.releaseTask(9); // no-op for TCP
            assertTrue(pair.transport.isOpen());
        }
    }

    @Test
    void givenReadOnlyReadBuffer_whenTaskBuffersBuilt_thenRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> TaskBuffers.read(1, ByteBuffer.allocate(8).asReadOnlyBuffer()));
        assertEquals(0, TaskBuffers.none(1).readBuffer().remaining());
    }
}
