/**
 * iSCSI over TCP (RFC 7143 §4.1): {@link org.lunbridge.iscsi.transport.tcp.TcpConnector} and {@link
 * org.lunbridge.iscsi.transport.tcp.TcpTransport}, blocking NIO, gathering writes, software CRC32C digests.
 */
package org.lunbridge.iscsi.transport.tcp;
