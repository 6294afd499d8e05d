/**
 * The iSCSI login phase (RFC 7143 §6, §11.12-11.13, §12, §13; RFC 7145 §6 for the iSER keys) as pure logic: no
 * sockets, no clocks. The session layer sends {@link org.lunbridge.iscsi.login.LoginMessages.Request}s and feeds
 * back {@link org.lunbridge.iscsi.login.LoginMessages.Response}s ({@link org.lunbridge.iscsi.login.LoginPdus}
 * converts to and from the PDU records).
 *
 * <ul>
 *   <li>{@link org.lunbridge.iscsi.login.LoginConversation}: one login attempt, a state machine over
 *       {@link org.lunbridge.iscsi.login.LoginState}; result or a typed
 *       {@link org.lunbridge.iscsi.login.LoginException}.</li>
 *   <li>{@link org.lunbridge.iscsi.login.KeyValueCodec}, {@link org.lunbridge.iscsi.login.TextAssembler}: text
 *       key=value data and the C bit.</li>
 *   <li>{@link org.lunbridge.iscsi.login.NegotiationTable}, {@link org.lunbridge.iscsi.login.OperationalNegotiator}:
 *       operational keys, giving {@link org.lunbridge.iscsi.login.SessionParameters} and
 *       {@link org.lunbridge.iscsi.login.ConnectionParameters}.</li>
 *   <li>{@link org.lunbridge.iscsi.login.ChapAuthenticator}, {@link org.lunbridge.iscsi.login.ChapRetryPolicy}:
 *       CHAP with MD5/SHA-1/SHA-256/SHA3-256, one-way and mutual.</li>
 *   <li>{@link org.lunbridge.iscsi.login.Isid}, {@link org.lunbridge.iscsi.login.SendTargets},
 *       {@link org.lunbridge.iscsi.login.TargetAddress}, {@link org.lunbridge.iscsi.login.LoginStatus}.</li>
 * </ul>
 */
package org.lunbridge.iscsi.login;
