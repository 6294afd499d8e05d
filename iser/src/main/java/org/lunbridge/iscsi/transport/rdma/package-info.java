/**
 * iSER (RFC 7145) over rdma-core: {@link org.lunbridge.iscsi.transport.rdma.IserConnector} connects through the
 * RDMA CM, {@link org.lunbridge.iscsi.transport.rdma.IserTransport} carries PDUs as Sends and advertises task
 * buffers for RDMA, {@link org.lunbridge.iscsi.transport.rdma.IserCodec} / {@code IserMessages} are the pure wire
 * codecs, {@link org.lunbridge.iscsi.transport.rdma.RdmaAvailability} decides {@code --transport auto}.
 * Native access goes through the {@link org.lunbridge.iscsi.transport.rdma.Verbs} interface: jnr-ffi for exported
 * functions, jffi through {@code ibv_context.ops} for the static-inline data path, raw offsets from
 * {@link org.lunbridge.iscsi.transport.rdma.VerbsLayout}.
 */
package org.lunbridge.iscsi.transport.rdma;
