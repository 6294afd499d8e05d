package org.lunbridge.nbd.server;

/**
 * What the handshake agreed on; fixed for the rest of the connection.
 *
 * @param export the export in use
 * @param stream the stream to speak over (a TLS-wrapped one once STARTTLS exists)
 * @param transmissionFlags as sent to the client
 * @param structuredReplies NBD_OPT_STRUCTURED_REPLY (or extended headers) acknowledged
 * @param extendedHeaders NBD_OPT_EXTENDED_HEADERS acknowledged: 32-byte requests and replies
 * @param baseAllocationContextId the id of {@code base:allocation} if selected for this export, else 0
 * @param limits size constraints enforced
 */
record Negotiated(Export export, NbdStream stream, int transmissionFlags, boolean structuredReplies,
                  boolean extendedHeaders, int baseAllocationContextId, ExportLimits limits) {
    boolean hasFlag(int transmissionFlag) {
        return (transmissionFlags & transmissionFlag) != 0;
    }
}
