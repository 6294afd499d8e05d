package org.lunbridge.bridge.export;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.lunbridge.bridge.pool.ScsiPath;
import org.lunbridge.bridge.pool.SessionPool;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.session.ScsiOutcome;

/** UNIT ATTENTION 2Ah/09h: the command is retried and the export's size follows READ CAPACITY(16). */
class CapacityChangeTest {

    /** A fake LUN that has grown to {@link #blocks} and answers READ CAPACITY(16) accordingly. */
    static final class GrownLun implements ScsiPath {
        final FakeLunPath inner;
        volatile long blocks;

        GrownLun(FakeLunPath inner, long blocks) {
            this.inner = inner;
            this.blocks = blocks;
        }

        @Override
        public int slot() {
            return inner.slot();
        }

        @Override
        public CompletableFuture<ScsiOutcome> execute(Cdb cdb, ByteBuffer data) {
            if (cdb.opcode() == 0x9E) { // SERVICE ACTION IN(16) / READ CAPACITY(16), SBC-4 §5.16
                ByteBuffer d = data.duplicate();
                d.putLong(d.position(), blocks - 1).putInt(d.position() + 8, 512);
                return CompletableFuture.completedFuture(new ScsiOutcome.Good(0, false, false));
            }
            return inner.execute(cdb, data);
        }

        @Override
        public boolean isHealthy() {
            return true;
        }

        @Override
        public String describe() {
            return "grown lun";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void givenCapacityChangedUnitAttention_whenRead_thenRetriedAndSizeUpdated() throws Exception {
        FakeLunPath.Lun lun = new FakeLunPath.Lun(4096, 512);
        FakeLunPath fake = new FakeLunPath(lun, 0);
        fake.scripted.add(FakeLunPath.checkCondition(0x6, 0x2A, 0x09));
        GrownLun path = new GrownLun(fake, 4096);
        LunBlockDevice device = new LunBlockDevice(new SessionPool(List.of(path), 8, null),
                LunBlockDeviceTest.profile(512, 2048, 0, 0, false, false, false), false);
        assertEquals(2048L * 512, device.sizeBytes());
        device.read(0, ByteBuffer.allocate(4096));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (device.sizeBytes() != 4096L * 512 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(4096L * 512, device.sizeBytes());
        assertEquals(1, device.recovery().stats().get("capacity_changes"));
        device.close();
    }
}
