package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random target behaviour must end in a result or a typed {@link LoginException}, never anything else. */
class LoginConversationFuzzTest {

    private static final String[] KEYS = {"AuthMethod", "CHAP_A", "CHAP_I", "CHAP_C", "CHAP_N", "CHAP_R",
        "HeaderDigest", "DataDigest", "MaxConnections", "InitialR2T", "ImmediateData", "MaxRecvDataSegmentLength",
        "MaxBurstLength", "FirstBurstLength", "DefaultTime2Wait", "DefaultTime2Retain", "MaxOutstandingR2T",
        "DataPDUInOrder", "DataSequenceInOrder", "ErrorRecoveryLevel", "TargetPortalGroupTag", "TargetAlias",
        "TargetAddress", "RDMAExtensions", "TargetRecvDataSegmentLength", "X-vendor.key", "SessionType"};
    private static final String[] VALUES = {"CHAP", "None", "Yes", "No", "5", "7", "0", "1", "512", "65536",
        "99999999999999999999", "0x10", "0xZZ", "CRC32C", "None,CRC32C", "Reject", "Irrelevant", "NotUnderstood",
        "0x00112233445566778899aabbccddeeff", "0b", "", "-1", "127.0.0.1:3260,1", "[::1]:99999", "alice"};

    /** Mostly plausible text for the stage we are in, plus random keys and the odd bit flip. */
    private static byte[] randomText(Random r, LoginConversation c, LoginMessages.Request last)
            throws TextFormatException {
        List<KeyValue> kvs = new ArrayList<>();
        if (c.currentStage() == LoginStage.SECURITY_NEGOTIATION) {
            for (String p : new String[] {"AuthMethod=CHAP", "AuthMethod=None", "CHAP_A=5", "CHAP_I=9",
                    "CHAP_C=0x00112233445566778899aabbccddeeff", "TargetPortalGroupTag=1"}) {
                if (r.nextInt(3) > 0) {
                    String[] kv = p.split("=", 2);
                    kvs.add(KeyValue.of(kv[0], kv[1]));
                }
            }
        } else if (r.nextInt(4) > 0) {
            for (String p : LoginFixtures.agreeTo(LoginFixtures.keys(last))) {
                String[] kv = p.split("=", 2);
                kvs.add(KeyValue.of(kv[0], r.nextInt(10) == 0 ? VALUES[r.nextInt(VALUES.length)] : kv[1]));
            }
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            kvs.add(r.nextInt(kvs.size() + 1), KeyValue.of(KEYS[r.nextInt(KEYS.length)], VALUES[r.nextInt(VALUES.length)]));
        }
        byte[] text = KeyValueCodec.encode(kvs);
        if (r.nextInt(10) == 0 && text.length > 0) {
            text[r.nextInt(text.length)] ^= (byte) (1 << r.nextInt(8));   // bit flip
        }
        return text;
    }

    @Test
    void givenRandomTargetResponses_whenFed_thenOnlyStepsOrLoginExceptions() throws Exception {
        Random r = new Random(7143);
        int completed = 0;
        int failed = 0;
        int reachedOperational = 0;
        for (int run = 0; run < 3000; run++) {
            LoginConfig config = LoginConfig.normal(LoginFixtures.INITIATOR, LoginFixtures.TARGET, LoginFixtures.ISID);
            if (r.nextBoolean()) {
                ChapConfig chap = r.nextBoolean()
                        ? ChapConfig.oneWay(ChapCredentials.of("alice", "alice-secret-123"))
                        : ChapConfig.mutual(ChapCredentials.of("alice", "alice-secret-123"),
                                ChapCredentials.of("disk", "disk-secret-4567"));
                config = config.withChap(chap).withAllowNoAuthentication(r.nextBoolean());
            }
            LoginConversation c = new LoginConversation(config);
            LoginStep step = c.start();
            boolean sawOperational = false;
            try {
                for (int i = 0; i < 12 && step instanceof LoginStep.Send send; i++) {
                    int csg = r.nextInt(10) > 0 ? c.currentStage().code() : r.nextInt(4);
                    int nsg = r.nextInt(10) > 0 ? (csg == 0 ? 1 : 3) : r.nextInt(4);
                    LoginMessages.Response resp = new LoginMessages.Response(r.nextBoolean(), r.nextInt(8) == 0,
                            csg, nsg, 0, r.nextInt(30) == 0 ? 1 : 0, r.nextInt(4) == 0 ? 0 : 0x42,
                            r.nextInt(15) == 0 ? r.nextInt(5) : 0, r.nextInt(4),
                            randomText(r, c, send.request()));
                    step = c.onResponse(resp);
                    if (c.state() == LoginState.OPERATIONAL_NEGOTIATION && !sawOperational) {
                        sawOperational = true;
                        reachedOperational++;
                    }
                }
                if (step instanceof LoginStep.Complete) {
                    completed++;
                    assertEquals(LoginState.FULL_FEATURE_PHASE, c.state());
                }
            } catch (LoginException expected) {
                failed++;
                assertEquals(LoginState.FAILED, c.state());
            }
        }
        assertTrue(failed > 0);
        assertTrue(reachedOperational > 0, "the fuzz never got past the security stage");
    }
}
