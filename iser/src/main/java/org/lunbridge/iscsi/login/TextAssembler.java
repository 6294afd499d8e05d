package org.lunbridge.iscsi.login;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Reassembles a text split over several Login/Text responses with the C (continue) bit (RFC 7143 §11.10.2,
 * §11.13, C bit): each data segment is appended; the segment with C=0 completes the text, which is then decoded.
 * A pair may straddle segments. Bounded by {@link TextKeys#MAX_TEXT_BYTES} before anything is kept.
 */
public final class TextAssembler {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean open;

    /**
     * Adds one PDU's data segment.
     *
     * @return the decoded pairs when {@code continues} is false, otherwise empty (ask for the next part)
     */
    public Optional<List<KeyValue>> append(byte[] segment, boolean continues) throws TextFormatException {
        if (buffer.size() + (long) segment.length > TextKeys.MAX_TEXT_BYTES) {
            int total = buffer.size() + segment.length;
            buffer.reset();
            open = false;
            throw new TextFormatException("reassembled text length: " + total + " (expected: <= "
                    + TextKeys.MAX_TEXT_BYTES + ")");
        }
        buffer.writeBytes(segment);
        open = continues;
        if (continues) {
            return Optional.empty();
        }
        byte[] whole = buffer.toByteArray();
        buffer.reset();
        return Optional.of(KeyValueCodec.decode(whole));
    }

    /** True while a C=1 sequence is open. */
    public boolean inProgress() {
        return open;
    }

    /** Bytes held from C=1 segments so far. */
    public int pendingBytes() {
        return buffer.size();
    }
}
