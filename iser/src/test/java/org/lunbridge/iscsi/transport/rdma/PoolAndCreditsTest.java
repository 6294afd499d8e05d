package org.lunbridge.iscsi.transport.rdma;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.lunbridge.iscsi.transport.ConnectionLostException;
import org.lunbridge.iscsi.transport.ConnectionLostException.Reason;
import org.junit.jupiter.api.Test;

class PoolAndCreditsTest {
    @Test
    void givenPool_whenAllSlotsBorrowed_thenNextWaitsUntilOneIsReleased() throws Exception {
        ByteBuffer region = NativeBuffers.allocateAligned(3 * 4096);
        long base = NativeBuffers.address(region);
        assertEquals(0, base % 4096, "page aligned");
        RegisteredBufferPool pool = new RegisteredBufferPool(region, base, 4096, 3);
        RegisteredBuffer a = pool.borrow(4096, 0);
        RegisteredBuffer b = pool.borrow(1, 0);
        RegisteredBuffer c = pool.borrow(100, 0);
        assertEquals(base + 4096, b.address());
        assertEquals(1, b.buffer().remaining());
        assertNull(pool.borrow(10, 50), "all lent");
        assertTrue(pool.contains(c.address(), 100));
        assertFalse(pool.contains(base + 3 * 4096 - 1, 2), "crosses the end");
        assertFalse(pool.contains(0, 1));
        CompletableFuture<RegisteredBuffer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.borrow(10, 5000);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        b.close();
        b.close(); // idempotent
        assertEquals(base + 4096, waiting.get(5, TimeUnit.SECONDS).address());
        a.close();
        assertEquals(1, pool.freeSlots());
        assertThrows(IllegalArgumentException.class, () -> pool.borrow(4097, 0));
        pool.fail(new ConnectionLostException(Reason.CLOSED, "x"));
        assertThrows(ConnectionLostException.class, () -> pool.borrow(1, 0));
        c.close();
        assertEquals(2, pool.freeSlots(), "release after failure is bookkeeping and still works");
    }

    @Test
    void givenCredits_whenExhaustedAndReleased_thenAccountingHolds() throws Exception {
        SendCredits credits = new SendCredits(2);
        assertTrue(credits.tryAcquire());
        assertTrue(credits.acquire(0));
        assertFalse(credits.tryAcquire());
        assertFalse(credits.acquire(20));
        credits.setCapacity(1);
        credits.release();
        assertFalse(credits.tryAcquire(), "capacity lowered below in-flight: still full");
        credits.release();
        assertTrue(credits.tryAcquire());
        assertEquals(1, credits.inFlight());
        credits.release();
        assertThrows(IllegalStateException.class, credits::release);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                credits.tryAcquire();
                return credits.acquire(5000);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.onSpinWait();
        credits.fail(new ConnectionLostException(Reason.RESET, "gone"));
        Exception e = assertThrows(Exception.class, () -> waiter.get(5, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionLostException.class, e.getCause().getCause());
    }
}
