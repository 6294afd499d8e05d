/**
 * The iSCSI transport SPI, after the Linux {@code struct iscsi_transport}: a {@link
 * org.lunbridge.iscsi.transport.TransportConnector} connects (ep_connect + ep_poll, bounded), a {@link
 * org.lunbridge.iscsi.transport.Transport} sends and receives whole PDUs with digests and reports {@link
 * org.lunbridge.iscsi.transport.ConnectionStats} (conn_get_stats). Session concerns (CmdSN window, ITTs, TMF,
 * replay) live above, in {@code org.lunbridge.iscsi.session}. Implementations: {@code .tcp}, later {@code .rdma}.
 */
package org.lunbridge.iscsi.transport;
