package org.lunbridge.bridge.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.lunbridge.nbd.spi.BlockDevice;
import org.lunbridge.nbd.spi.BlockSizes;
import org.lunbridge.nbd.spi.Extent;

/**
 * A device that claims to be writable whatever the LUN says, so that a client's write reaches a write-protected
 * LUN and the target's DATA PROTECT comes back through the whole error path (test only).
 */
record Writable(BlockDevice d) implements BlockDevice {
    public long sizeBytes() { return d.sizeBytes(); }
    public BlockSizes blockSizes() { return d.blockSizes(); }
    public String description() { return d.description(); }
    public boolean isReadOnly() { return false; }
    public boolean canFlush() { return d.canFlush(); }
    public boolean canFua() { return d.canFua(); }
    public boolean canTrim() { return d.canTrim(); }
    public boolean canWriteZeroes() { return d.canWriteZeroes(); }
    public void read(long offset, ByteBuffer dst) throws IOException { d.read(offset, dst); }
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException { d.write(offset, src, fua); }
    public void flush() throws IOException { d.flush(); }
    public void trim(long o, long n, boolean fua) throws IOException { d.trim(o, n, fua); }
    public void writeZeroes(long o, long n, boolean t, boolean f) throws IOException { d.writeZeroes(o, n, t, f); }
    public List<Extent> extents(long o, long n) throws IOException { return d.extents(o, n); }
}
