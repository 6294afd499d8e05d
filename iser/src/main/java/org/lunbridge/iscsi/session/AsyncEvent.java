package org.lunbridge.iscsi.session;

import java.util.Optional;

/**
 * An Async Message surfaced to listeners (RFC 7143 §11.9.1).
 *
 * @param asyncEvent IscsiConstants.ASYNC_* code
 * @param lun        the LUN number for SCSI events (§11.9.1 event 0), else 0
 * @param sense      sense data of a SCSI asynchronous event (SPC-4 §5.4), e.g. capacity changed
 * @param parameter1 event-specific (§11.9.1)
 * @param parameter3 for Logout Requested: seconds we have to log out
 */
public record AsyncEvent(int asyncEvent, int lun, Optional<org.lunbridge.iscsi.scsi.SenseData> sense, int parameter1,
                         int parameter2, int parameter3) {}
