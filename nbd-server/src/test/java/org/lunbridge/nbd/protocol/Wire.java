package org.lunbridge.nbd.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds expected wire bytes field by field, big-endian, independently of the codec under test. */
final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire of() {
        return new Wire();
    }

    Wire u8(int v) {
        out.write(v);
        return this;
    }

    Wire u16(int v) {
        return u8(v >>> 8 & 0xff).u8(v & 0xff);
    }

    Wire u32(long v) {
        return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
    }

    Wire u64(long v) {
        return u32(v >>> 32).u32(v & 0xffffffffL);
    }

    Wire str(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Wire zeroes(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    Wire raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes());
    }

    static byte[] array(ByteBuffer... buffers) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            all.writeBytes(bytes);
        }
        return all.toByteArray();
    }
}
