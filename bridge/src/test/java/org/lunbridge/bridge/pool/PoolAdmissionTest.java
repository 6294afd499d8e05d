package org.lunbridge.bridge.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.scsi.BlockCommands;
import org.lunbridge.iscsi.scsi.BlockRange;
import org.lunbridge.iscsi.session.ScsiOutcome;

/** The recovery hooks of the pool: admission of re-opened slots and TASK SET FULL depth lowering. */
class PoolAdmissionTest {

    static final class Idle implements ScsiPath {
        final int slot;

        Idle(int slot) {
            this.slot = slot;
        }

        @Override
        public int slot() {
            return slot;
        }

        @Override
        public CompletableFuture<ScsiOutcome> execute(org.lunbridge.iscsi.scsi.Cdb cdb, ByteBuffer data) {
            return new CompletableFuture<>();
        }

        @Override
        public boolean isHealthy() {
            return true;
        }

        @Override
        public String describe() {
            return "idle " + slot;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void givenSlotNotAdmitted_whenDispatching_thenOnlyAdmittedSlotsTakeCommandsAndNoneMeansNoPath() throws Exception {
        SessionPool pool = new SessionPool(List.of(new Idle(0), new Idle(1)), 8, null);
        pool.admit(0, false);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, pool.dispatch(BlockCommands.read16(new BlockRange(0, 1), 512, false),
                    ByteBuffer.allocate(512)).slot());
        }
        assertEquals(1, pool.healthySessions());
        pool.admit(1, false);
        assertThrows(IOException.class, () -> pool.dispatch(BlockCommands.synchronizeCache(false), null));
        pool.admit(0, true);
        assertEquals(0, pool.dispatch(BlockCommands.synchronizeCache(false), null).slot());
    }

    @Test
    void givenTaskSetFull_whenLowered_thenDepthShrinksToNoLessThanOne() throws Exception {
        SessionPool pool = new SessionPool(List.of(new Idle(0)), 8, null);
        for (int i = 0; i < 5; i++) {
            pool.dispatch(BlockCommands.synchronizeCache(false), null);
        }
        assertEquals(4, pool.lowerQueueDepth(0));
        assertEquals(4, pool.queueDepth(0));
        for (int i = 0; i < 10; i++) {
            pool.lowerQueueDepth(0);
        }
        assertEquals(1, pool.queueDepth(0));
    }
}
