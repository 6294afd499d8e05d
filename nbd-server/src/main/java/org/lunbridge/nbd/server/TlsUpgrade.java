package org.lunbridge.nbd.server;

import java.io.IOException;

/**
 * Where a TLS layer plugs in (proto.md "TLS support", NBD_OPT_STARTTLS): after the server's NBD_REP_ACK, the plain
 * stream is handed over and the returned stream carries the rest of the handshake and all of transmission. No
 * implementation exists yet; without one, STARTTLS is answered NBD_REP_ERR_POLICY.
 */
@FunctionalInterface
interface TlsUpgrade {
    /** Runs the TLS handshake over {@code plain} and returns the encrypted stream. */
    NbdStream upgrade(NbdStream plain) throws IOException;
}
