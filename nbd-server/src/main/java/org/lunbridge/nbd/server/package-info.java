/**
 * The NBD server: sockets, the handshake, the transmission phase, over any {@link org.lunbridge.nbd.spi.BlockDevice}.
 *
 * <p>Public API: {@link org.lunbridge.nbd.server.Export}, {@link org.lunbridge.nbd.server.NbdServerConfig},
 * {@link org.lunbridge.nbd.server.NbdServer}. Typical use:
 * <pre>{@code
 * NbdServer server = NbdServer.start(NbdServerConfig.of(
 *         new InetSocketAddress(InetAddress.getLoopbackAddress(), 10809),
 *         List.of(new Export("disk", "my LUN", device, false))));
 * // ... later
 * server.close();               // drains in-flight requests, flushes writable devices; devices stay open
 * }</pre>
 *
 * <p>Inside: {@code NbdServer} accepts on a virtual thread; each {@code Connection} runs a {@code Handshake}
 * (fixed newstyle options, {@code HandshakeState} checks each move) then a {@code Transmission} (reads requests,
 * {@code RequestValidator} checks them, each valid one runs on its own virtual thread in {@code CommandExecutor},
 * which owns the capability fallbacks, and replies through the {@code ReplyWriter}, one whole message at a time).
 * All bytes go through an {@code NbdStream}, so a TLS layer ({@code TlsUpgrade}) can take over after
 * NBD_OPT_STARTTLS.
 */
package org.lunbridge.nbd.server;
