package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.DIGEST_LENGTH;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * HeaderDigest / DataDigest = CRC32C (RFC 7143 §13.1, §11.2.3).
 *
 * <p>Byte order: the CRC register is transmitted so that the RFC 7143 Appendix B.4 examples hold, e.g. 32 zero
 * bytes give the wire bytes {@code aa 36 91 8a}, while {@link CRC32C#getValue()} is {@code 0x8a9136aa}: the value
 * goes on the wire <b>little-endian</b> (as Linux iscsi_tcp and libiscsi do). Values in this API are the
 * {@code CRC32C} value as an int; {@link #write}/{@link #read} do the byte order.
 *
 * <p>The HeaderDigest covers BHS and AHS; the DataDigest covers the data segment and its zero padding (§13.1:
 * "padding bytes ... are included in the CRC") and is absent when the data segment is empty (§11.2.3).
 */
public final class Digests {
    private static final byte[] ZEROS = new byte[3];

    private Digests() {}

    /** CRC32C over the remaining bytes of {@code header} (BHS + AHS); the buffer is not moved. */
    public static int headerDigest(ByteBuffer header) {
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate());
        return (int) crc.getValue();
    }

    /** CRC32C over the remaining bytes of {@code data} followed by its 0-3 zero pad bytes; not moved. */
    public static int dataDigest(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        int length = data.remaining();
        crc.update(data.duplicate());
        crc.update(ZEROS, 0, PduFraming.padding(length));
        return (int) crc.getValue();
    }

    /**
     * CRC32C over {@code data} followed by the pad bytes as received: RFC 7143 §13.1 says padding SHOULD be 0, so
     * a receiver that digests the actual pad bytes also accepts a peer that sends other values.
     */
    public static int dataDigest(ByteBuffer data, ByteBuffer padding) {
        return crc32c(data, padding);
    }

    /** CRC32C over several buffers in order (e.g. a data segment split across buffers, padding included). */
    public static int crc32c(ByteBuffer... buffers) {
        CRC32C crc = new CRC32C();
        for (ByteBuffer b : buffers) {
            crc.update(b.duplicate());
        }
        return (int) crc.getValue();
    }

    /** A fresh 4-byte buffer holding {@code digest} in wire order (little-endian), position 0. */
    public static ByteBuffer toWire(int digest) {
        return ByteBuffer.allocate(DIGEST_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(0, digest)
                .order(ByteOrder.BIG_ENDIAN);
    }

    /** Writes {@code digest} in wire order at the position of {@code dst} and advances it by 4. */
    public static void write(ByteBuffer dst, int digest) {
        dst.put(toWire(digest));
    }

    /** Reads a digest in wire order at {@code index} of {@code src}, not moving it. */
    public static int read(ByteBuffer src, int index) {
        return Integer.reverseBytes(src.getInt(index));
    }

    /**
     * Checks the 4 wire bytes at the position of {@code digest} against BHS+AHS {@code header}.
     *
     * @throws DigestException on mismatch
     */
    public static void verifyHeader(ByteBuffer header, ByteBuffer digest) throws DigestException {
        verify(DigestException.Kind.HEADER, headerDigest(header), digest);
    }

    /**
     * Checks the 4 wire bytes at the position of {@code digest} against the unpadded {@code data} (padding is
     * taken as zeros, as it must be sent).
     *
     * @throws DigestException on mismatch
     */
    public static void verifyData(ByteBuffer data, ByteBuffer digest) throws DigestException {
        verify(DigestException.Kind.DATA, dataDigest(data), digest);
    }

    /**
     * Like {@link #verifyData(ByteBuffer, ByteBuffer)} with the pad bytes as received.
     *
     * @throws DigestException on mismatch
     */
    public static void verifyData(ByteBuffer data, ByteBuffer padding, ByteBuffer digest) throws DigestException {
        verify(DigestException.Kind.DATA, dataDigest(data, padding), digest);
    }

    private static void verify(DigestException.Kind kind, int expected, ByteBuffer digest) throws DigestException {
        if (digest.remaining() < DIGEST_LENGTH) {
            throw new IllegalArgumentException("digest length: " + digest.remaining() + " (expected: 4)");
        }
        int actual = read(digest, digest.position());
        if (actual != expected) {
            throw new DigestException(kind, expected, actual);
        }
    }
}
