/**
 * The NBD wire protocol (NetworkBlockDevice/nbd doc/proto.md; extended headers from its extension-ext-header
 * branch) as pure codecs: {@code ByteBuffer} in, records out, or a typed exception; no I/O. Constants with spec
 * names live in {@link org.lunbridge.nbd.protocol.NbdConstants}. Encoders for the client side exist too (tests and
 * tools use them).
 */
package org.lunbridge.nbd.protocol;
