/**
 * The initiator's public face for the bridge: {@link org.lunbridge.iscsi.client.IscsiUrl} (libiscsi/qemu URLs),
 * {@link org.lunbridge.iscsi.client.LunSession} (connect + login + SCSI commands as futures, TMFs, stats) and
 * {@link org.lunbridge.iscsi.client.Discovery} (SendTargets + per-LUN summary). Login redirection and the CHAP
 * algorithm fallback happen in {@code Connector}; errors carry messages a user can act on and never a secret.
 */
package org.lunbridge.iscsi.client;
