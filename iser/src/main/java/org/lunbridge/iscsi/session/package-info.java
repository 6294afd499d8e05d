/**
 * The iSCSI full feature phase (RFC 7143), once, above any transport: what the Linux {@code libiscsi.c} does for
 * {@code iscsi_tcp} and {@code ib_iser}.
 *
 * <pre>
 *  PduTransport (TransportAdapter over transport.Transport; FakeTarget in tests)
 *     |  login: LoginDriver adapts login.LoginConversation to Login PDUs, then digests on (§13.1)
 *     v
 *  IscsiSession ── CmdSnWindow (§4.2.2.1)   ── TaskTable (ITT, §11.2.1.8) ── ScsiTask + TaskState
 *     |         ── DataOutPlanner (§3.2.4.2, immediate / unsolicited / per-R2T Data-Out, slices only)
 *     |         ── ReceiveDispatcher (reader thread, one method per PDU)  ── PduWriter (writer thread)
 *     |         ── NopKeeper (ping / timeout on an injected clock)     ── TaskManagement (one TMF at a time)
 *     v
 *  ConnectionLostException to every outstanding task, listeners told once; unacknowledgedTasks() for replay.
 * </pre>
 *
 * Error recovery level 0 only: any connection failure ends the session's connection; the recovery layer above
 * logs in again (same ISID, session reinstatement §6.3.5) and replays. {@link DiscoverySession} runs SendTargets.
 */
package org.lunbridge.iscsi.session;
