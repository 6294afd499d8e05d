/**
 * iSER (RFC 7145) over rdma-core: {@link org.lunbridge.iscsi.transport.rdma.IserConnector} connects through the
 * RDMA CM, {@link org.lunbridge.iscsi.transport.rdma.IserTransport} carries PDUs as Sends and advertises task
 * buffers for RDMA, {@link org.lunbridge.iscsi.transport.rdma.IserCodec} / {@code IserMessages} are the pure wire
 * codecs, {@link org.lunbridge.iscsi.transport.rdma.RdmaAvailability} decides {@code --transport auto}.
 * Native access goes through the {@link org.lunbridge.iscsi.transport.rdma.Verbs} interface: jnr-ffi for exported
 * functions, jffi through {@code ibv_context.ops} for the static-inline data path, raw offsets from
 * {@link org.lunbridge.iscsi.transport.rdma.VerbsLayout}.
 *
 * <h2>What a session layer does differently when {@code caps().rdmaDataMovement()} is true</h2>
 * <ol>
 *   <li>Login: offer {@code RDMAExtensions=Yes} with {@code InitiatorRecvDataSegmentLength} =
 *       {@code transport.maxRecvDataSegmentLength()} (the RX descriptor size; MaxRecvDataSegmentLength is then not
 *       sent, RFC 7145 §6.3), HeaderDigest/DataDigest=None, and {@code InitialR2T=Yes}: this transport never sends
 *       unsolicited Data-Out, the target RDMA-Reads everything that is not immediate. Fail the login if the target
 *       does not answer RDMAExtensions=Yes. Afterwards call {@code setMaxSendDataSegmentLength(min(
 *       TargetRecvDataSegmentLength, caps().maxSendDataSegmentLengthBytes()))} and
 *       {@code setMaxRecvDataSegmentLength(InitiatorRecvDataSegmentLength)}; never {@code enableDigests(true, ..)}.</li>
 *   <li>SCSI Commands with data go through {@code sendCommand(pdu, TaskBuffers)}, not {@code send}: the read
 *       buffer (remaining = Expected Data Transfer Length) and/or the whole write payload, whose first bytes are the
 *       PDU's immediate data (only if ImmediateData=Yes was negotiated, at most min(FirstBurstLength,
 *       maxSendDataSegmentLength)). One direction of one task is at most {@code maxTaskDataLengthBytes()}: split
 *       larger I/O.</li>
 *   <li>Expect no R2T, Data-In or Data-Out: the target moves data by RDMA (a Data-In or R2T arriving is a
 *       protocol violation and kills the connection). When {@code receive()} returns a task's SCSI Response, the
 *       read data is already in the caller's buffer (copied from the bounce slot if it was not registered memory,
 *       only the transferred bytes when the residual says underflow) and the transport has forgotten the task.</li>
 *   <li>A task that ends without a SCSI Response (ABORT TASK answered, LUN reset, connection lost) must be given
 *       back with {@code releaseTask(itt)} once the target can no longer touch its buffers; it never touches the
 *       device, so it is safe after DEVICE_REMOVAL.</li>
 *   <li>CmdSN/MaxCmdSN windowing, ITTs, NOP-Out, TMF and recovery are unchanged and stay in the session. Connection
 *       failures arrive as the usual {@code ConnectionLostException}: EOF for a CM DISCONNECTED, RESET for
 *       DEVICE_REMOVAL, TIMEWAIT_EXIT, ADDR_CHANGE, a work completion error or a failed post (the
 *       {@link org.lunbridge.iscsi.transport.rdma.RdmaCmException} cause names the CM event).</li>
 *   <li>For zero copy the bridge borrows {@link org.lunbridge.iscsi.transport.rdma.RegisteredBuffer}s
 *       ({@code IserTransport.borrowBuffer}), reads NBD write payloads into them and answers NBD reads from them;
 *       any other buffer costs one memcpy per direction through the registered pool.</li>
 * </ol>
 */
package org.lunbridge.iscsi.transport.rdma;
