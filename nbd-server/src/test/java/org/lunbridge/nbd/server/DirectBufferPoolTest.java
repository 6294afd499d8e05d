package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DirectBufferPoolTest {
    @Test
    void givenLengths_whenClassified_thenSmallestPowerOfTwoFromOnePage() {
        assertEquals(0, DirectBufferPool.sizeClassOf(0));
        assertEquals(0, DirectBufferPool.sizeClassOf(1));
        assertEquals(0, DirectBufferPool.sizeClassOf(4096));
        assertEquals(1, DirectBufferPool.sizeClassOf(4097));
        assertEquals(1, DirectBufferPool.sizeClassOf(8192));
        assertEquals(8, DirectBufferPool.sizeClassOf(1024 * 1024));
        assertEquals(9, DirectBufferPool.sizeClassOf(1024 * 1024 + 1));
        assertEquals(13, DirectBufferPool.sizeClassOf(32 * 1024 * 1024));
        assertEquals(19, DirectBufferPool.sizeClassOf(Integer.MAX_VALUE));
    }

    @Test
    void givenAcquire_whenReturned_thenDirectAtLengthAndReusedAfterRelease() {
        DirectBufferPool pool = new DirectBufferPool();
        ByteBuffer a = pool.acquire(5000);
        assertTrue(a.isDirect());
        assertEquals(0, a.position());
        assertEquals(5000, a.limit());
        assertEquals(8192, a.capacity());
        assertEquals(1, pool.outstandingBuffers());
        a.position(100);
        pool.release(a);
        assertEquals(0, pool.outstandingBuffers());
        assertEquals(8192, pool.cachedBytes());
        ByteBuffer b = pool.acquire(6000);
        assertSame(a, b);
        assertEquals(0, b.position());
        assertEquals(6000, b.limit());
        assertEquals(0, pool.cachedBytes());
        pool.release(b);
    }

    @Test
    void givenCacheFull_whenReleased_thenDroppedNotKept() {
        DirectBufferPool pool = new DirectBufferPool(8192, 1 << 20);
        ByteBuffer a = pool.acquire(4096);
        ByteBuffer b = pool.acquire(4096);
        ByteBuffer c = pool.acquire(4096);
        pool.release(a);
        pool.release(b);
        pool.release(c);
        assertEquals(8192, pool.cachedBytes());
        assertEquals(0, pool.outstandingBuffers());
    }

    @Test
    void givenOutstandingLimitReached_whenAcquired_thenHeapBufferUntilSomeReleased() {
        DirectBufferPool pool = new DirectBufferPool(1 << 20, 8192);
        ByteBuffer a = pool.acquire(8192);
        ByteBuffer over = pool.acquire(10);
        assertTrue(a.isDirect());
        assertFalse(over.isDirect());
        assertEquals(10, over.remaining());
        pool.release(over);
        pool.release(a);
        assertEquals(0, pool.outstandingBuffers());
        assertTrue(pool.acquire(8192).isDirect());
    }

    @Test
    void givenZeroLength_whenAcquired_thenEmptyAndNotCounted() {
        DirectBufferPool pool = new DirectBufferPool();
        ByteBuffer empty = pool.acquire(0);
        assertEquals(0, empty.capacity());
        assertEquals(0, pool.outstandingBuffers());
        pool.release(empty);
        assertEquals(0, pool.outstandingBuffers());
        assertEquals(0, pool.cachedBytes());
    }

    @Test
    void givenNegativeLength_whenAcquired_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DirectBufferPool().acquire(-1));
    }
}
