package org.lunbridge.bridge.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.scsi.Cdb;
import org.lunbridge.iscsi.scsi.PrimaryCommands;
import org.lunbridge.iscsi.session.ScsiOutcome;

class SessionPoolTest {

    /** A path whose commands stay outstanding until the test completes them. */
    static final class ManualPath implements ScsiPath {
        final int slot;
        final List<CompletableFuture<ScsiOutcome>> outstanding = new ArrayList<>();
        volatile boolean healthy = true;
        int window = Integer.MAX_VALUE;
        boolean closed;

        ManualPath(int slot) {
            this.slot = slot;
        }

        @Override
        public int slot() {
            return slot;
        }

        @Override
        public synchronized CompletableFuture<ScsiOutcome> execute(Cdb cdb, ByteBuffer data) {
            CompletableFuture<ScsiOutcome> f = new CompletableFuture<>();
            outstanding.add(f);
            return f;
        }

        synchronized int count() {
            return outstanding.size();
        }

        synchronized void completeOne() {
            outstanding.remove(0).complete(new ScsiOutcome.Good(0, false, false));
        }

        @Override
        public boolean isHealthy() {
            return healthy;
        }

        @Override
        public int targetQueueDepth() {
            return window;
        }

        @Override
        public String describe() {
            return "manual " + slot;
        }

        @Override
        public void close() {
            closed = true;
            healthy = false;
        }
    }

    private static final Cdb TUR = PrimaryCommands.testUnitReady();

    @Test
    void givenTwoPaths_whenFourCommands_thenTwoOnEach() throws IOException {
        ManualPath a = new ManualPath(0);
        ManualPath b = new ManualPath(1);
        SessionPool pool = new SessionPool(List.of(a, b), 8, null);
        for (int i = 0; i < 4; i++) {
            pool.submit(TUR, null);
        }
        assertEquals(2, a.count());
        assertEquals(2, b.count());
        assertEquals(2, pool.inFlight(0));
    }

    @Test
    void givenOnePathBusier_whenSubmitting_thenTheOtherIsChosen() throws IOException {
        ManualPath a = new ManualPath(0);
        ManualPath b = new ManualPath(1);
        SessionPool pool = new SessionPool(List.of(a, b), 8, null);
        pool.submit(TUR, null);
        pool.submit(TUR, null);
        pool.submit(TUR, null); // a:2 b:1
        a.completeOne();
        a.completeOne(); // a:0 b:1
        pool.submit(TUR, null);
        assertEquals(1, a.count());
        assertEquals(1, b.count());
    }

    @Test
    void givenAllPathsFull_whenSubmitting_thenCallerBlocksUntilACommandCompletes() throws Exception {
        ManualPath a = new ManualPath(0);
        ManualPath b = new ManualPath(1);
        SessionPool pool = new SessionPool(List.of(a, b), 1, null);
        pool.submit(TUR, null);
        pool.submit(TUR, null);
        CompletableFuture<Void> third = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                pool.submit(TUR, null);
                third.complete(null);
            } catch (IOException e) {
                third.completeExceptionally(e);
            }
        });
        Thread.sleep(100); // proving "still blocked" needs a bounded wait
        assertFalse(third.isDone(), "no queue slot is free: the submitter waits");
        assertEquals(1, a.count() + b.count() - 1);
        b.completeOne();
        third.get(5, TimeUnit.SECONDS);
        assertEquals(1, b.count(), "the freed slot got the command");
        assertEquals(1, a.count());
    }

    @Test
    void givenTargetWindowSmallerThanDepth_whenSubmitting_thenWindowBounds() throws Exception {
        ManualPath a = new ManualPath(0);
        a.window = 2;
        SessionPool pool = new SessionPool(List.of(a), 32, null);
        pool.submit(TUR, null);
        pool.submit(TUR, null);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                pool.submit(TUR, null);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        Thread.sleep(100);
        assertFalse(third.isDone());
        a.completeOne();
        third.get(5, TimeUnit.SECONDS);
    }

    @Test
    void givenLostPath_whenSubmitting_thenOnlyHealthyPathsUsed() throws IOException {
        ManualPath a = new ManualPath(0);
        ManualPath b = new ManualPath(1);
        SessionPool pool = new SessionPool(List.of(a, b), 8, null);
        a.healthy = false;
        for (int i = 0; i < 3; i++) {
            pool.submit(TUR, null);
        }
        assertEquals(0, a.count());
        assertEquals(3, b.count());
        assertEquals(1, pool.healthySessions());
    }

    @Test
    void givenNoHealthyPath_whenSubmitting_thenFailsAtOnce() {
        ManualPath a = new ManualPath(0);
        a.healthy = false;
        SessionPool pool = new SessionPool(List.of(a), 8, null);
        IOException e = assertThrows(IOException.class, () -> pool.submit(TUR, null));
        assertTrue(e.getMessage().contains("no healthy"), e.getMessage());
    }

    @Test
    void givenBlockedSubmitter_whenLastPathDies_thenItFails() throws Exception {
        ManualPath a = new ManualPath(0);
        SessionPool pool = new SessionPool(List.of(a), 1, null);
        pool.submit(TUR, null);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try {
                pool.submit(TUR, null);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        a.healthy = false;
        Exception e = assertThrows(Exception.class, () -> second.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause() instanceof IOException, e.toString());
    }

    @Test
    void givenFactory_whenOpenedAndReopened_thenSlotsStableAndOldPathClosed() throws IOException {
        List<ManualPath> made = new ArrayList<>();
        SessionPool pool = SessionPool.open(slot -> {
            ManualPath p = new ManualPath(slot);
            made.add(p);
            return p;
        }, 3, 4);
        assertEquals(List.of(0, 1, 2), made.stream().map(p -> p.slot).toList());
        made.get(1).healthy = false;
        pool.reopen(1);
        assertTrue(made.get(1).closed);
        assertEquals(1, pool.path(1).slot());
        assertEquals(3, pool.healthySessions());
        pool.close();
        assertTrue(made.stream().allMatch(p -> p.closed));
    }

    @Test
    void givenSlots_whenTakenForTwoExportsOfOneTarget_thenDisjoint() {
        SlotAllocator slots = new SlotAllocator();
        assertEquals(0, slots.take("h:3260/iqn.a", 2));
        assertEquals(2, slots.take("h:3260/iqn.a", 2));
        assertEquals(0, slots.take("h:3260/iqn.b", 4));
    }
}
