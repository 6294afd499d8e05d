package org.lunbridge.iscsi.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lunbridge.iscsi.pdu.IscsiConstants.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionStatsTest {
    @Test
    void givenPdusOfEveryKind_whenSnapshot_thenEachLandsInItsKernelNamedCounter() {
        ConnectionStats stats = new ConnectionStats();
        stats.pduSent(OP_SCSI_COMMAND, 48);
        stats.pduSent(OP_SCSI_COMMAND | IMMEDIATE_BIT, 48); // the I bit is not part of the opcode
        stats.pduSent(OP_SCSI_DATA_OUT, 1048);
        stats.pduSent(OP_TASK_MANAGEMENT_REQUEST, 48);
        stats.pduReceived(OP_SCSI_RESPONSE, 48);
        stats.pduReceived(OP_SCSI_DATA_IN, 4144);
        stats.pduReceived(OP_R2T, 48);
        stats.pduReceived(OP_TASK_MANAGEMENT_RESPONSE, 48);
        stats.pduReceived(OP_REJECT, 96);
        stats.digestError();
        stats.timeout();
        stats.nopTimeout();
        stats.nopTimeout();

        ConnectionStats.Snapshot s = stats.snapshot();

        assertEquals(2, s.scsiCommandPdus());
        assertEquals(1, s.dataOutPdus());
        assertEquals(1, s.tmfRequestPdus());
        assertEquals(1, s.scsiResponsePdus());
        assertEquals(1, s.dataInPdus());
        assertEquals(1, s.r2tPdus());
        assertEquals(1, s.tmfResponsePdus());
        assertEquals(1, s.rejectPdus());
        assertEquals(4, s.txPdus());
        assertEquals(5, s.rxPdus());
        assertEquals(48 + 48 + 1048 + 48, s.txDataOctets());
        assertEquals(48 + 4144 + 48 + 48 + 96, s.rxDataOctets());
        assertEquals(1, s.digestErrors());
        assertEquals(1, s.timeouts());
        assertEquals(2, s.nopTimeouts());
    }

    @Test
    void givenConcurrentCounting_whenSnapshot_thenNoIncrementLost() throws InterruptedException {
        ConnectionStats stats = new ConnectionStats();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    stats.pduSent(OP_SCSI_DATA_OUT, 8);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        assertEquals(80_000, stats.snapshot().dataOutPdus());
        assertEquals(640_000, stats.snapshot().txDataOctets());
    }
}
