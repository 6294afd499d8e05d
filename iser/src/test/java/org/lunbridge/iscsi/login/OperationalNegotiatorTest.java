package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OperationalNegotiatorTest {

    private static final String INITIATOR = "iqn.2026-11.org.lunbridge:host";
    private static final String TARGET = "iqn.2026-11.org.lunbridge:disk";

    private static OperationalNegotiator negotiator(OperationalOffer offer) {
        return new OperationalNegotiator(offer, SessionType.NORMAL, true, INITIATOR, Optional.empty(),
                Optional.of(TARGET));
    }

    /** Answers every offered key with the value a compliant, agreeable target would choose, then overrides. */
    private static List<KeyValue> agreeableAnswers(List<KeyValue> offer, Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyValue kv : offer) {
            KeyDefinition d = NegotiationTable.get(kv.key());
            if (d.kind() == KeyKind.DECLARATIVE) {
                continue;
            }
            m.put(kv.key(), d.kind() == KeyKind.LIST ? kv.value().split(",")[0] : kv.value());
        }
        m.putAll(overrides);
        List<KeyValue> out = new ArrayList<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.add(KeyValue.of(k, v));
            }
        });
        return out;
    }

    private static OperationalNegotiator.Result negotiate(OperationalOffer offer, Map<String, String> overrides)
            throws LoginException {
        OperationalNegotiator n = negotiator(offer);
        n.accept(agreeableAnswers(n.offer(), overrides));
        return n.result();
    }

    @Test
    void givenDefaults_whenOffered_thenEveryNormalSessionKeySentInRfcOrder() {
        List<KeyValue> offer = negotiator(OperationalOffer.defaults()).offer();
        assertEquals(List.of("HeaderDigest", "DataDigest", "MaxConnections", "InitialR2T", "ImmediateData",
                        "MaxRecvDataSegmentLength", "MaxBurstLength", "FirstBurstLength", "DefaultTime2Wait",
                        "DefaultTime2Retain", "MaxOutstandingR2T", "DataPDUInOrder", "DataSequenceInOrder",
                        "ErrorRecoveryLevel"),
                offer.stream().map(KeyValue::key).toList());
        assertEquals("None,CRC32C", offer.get(0).value());
        assertEquals("0", offer.get(13).value());
    }

    @Test
    void givenDiscoverySession_whenOffered_thenIrrelevantKeysLeftOut() {
        List<KeyValue> offer = new OperationalNegotiator(OperationalOffer.defaults(), SessionType.DISCOVERY, true,
                INITIATOR, Optional.empty(), Optional.empty()).offer();
        assertEquals(List.of("HeaderDigest", "DataDigest", "MaxRecvDataSegmentLength", "DefaultTime2Wait",
                "DefaultTime2Retain", "ErrorRecoveryLevel"), offer.stream().map(KeyValue::key).toList());
    }

    @Test
    void givenIserOffer_whenOffered_thenRdmaKeysReplaceMaxRecvDataSegmentLength() throws Exception {
        OperationalNegotiator n = negotiator(OperationalOffer.defaults().withRdmaExtensions(true));
        List<KeyValue> offer = n.offer();
        List<String> keys = offer.stream().map(KeyValue::key).toList();
        assertTrue(keys.contains("RDMAExtensions"));
        assertTrue(keys.contains("InitiatorRecvDataSegmentLength"));
        assertFalse(keys.contains("MaxRecvDataSegmentLength"));
        List<KeyValue> answers = new ArrayList<>(agreeableAnswers(offer, Map.of()));
        answers.add(KeyValue.of("TargetRecvDataSegmentLength", "131072"));
        n.accept(answers);
        OperationalNegotiator.Result r = n.result();
        assertTrue(r.session().rdmaExtensions());
        assertEquals(262144, r.connection().initiatorRecvDataSegmentLength());
        assertEquals(131072, r.connection().targetRecvDataSegmentLength());
    }

    @Test
    void givenIserOfferAndTargetWithoutIser_whenAnsweredNotUnderstood_thenRdmaExtensionsNo() throws Exception {
        OperationalNegotiator.Result r = negotiate(OperationalOffer.defaults().withRdmaExtensions(true),
                Map.of("RDMAExtensions", "NotUnderstood"));
        assertFalse(r.session().rdmaExtensions());
    }

    // ---- boolean AND (ImmediateData) ----

    @Test
    void givenBooleanAndOfferYes_whenTargetSaysNo_thenNo() throws Exception {
        assertFalse(negotiate(OperationalOffer.defaults(), Map.of("ImmediateData", "No")).session().immediateData());
    }

    @Test
    void givenBooleanAndOfferNo_whenTargetSaysYes_thenNegotiationException() {
        OperationalOffer noImmediate = new OperationalOffer(List.of(DigestType.NONE), List.of(DigestType.NONE), 1,
                false, false, 262144, 262144, 65536, 2, 0, 1, true, true, 0, false, 8192);
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(noImmediate, Map.of("ImmediateData", "Yes")));
        assertEquals("ImmediateData", e.key());
    }

    @Test
    void givenBooleanAndOfferNo_whenTargetDoesNotAnswer_thenNoWithoutError() throws Exception {
        OperationalOffer noImmediate = new OperationalOffer(List.of(DigestType.NONE), List.of(DigestType.NONE), 1,
                false, false, 262144, 262144, 65536, 2, 0, 1, true, true, 0, false, 8192);
        Map<String, String> omit = new LinkedHashMap<>();
        omit.put("ImmediateData", null);   // RFC 7143 §6.2.2: the answer is optional
        assertFalse(negotiate(noImmediate, omit).session().immediateData());
    }

    // ---- boolean OR (InitialR2T, DataPDUInOrder) ----

    @Test
    void givenBooleanOrOfferNo_whenTargetSaysYes_thenYes() throws Exception {
        assertTrue(negotiate(OperationalOffer.defaults(), Map.of("InitialR2T", "Yes")).session().initialR2T());
    }

    @Test
    void givenBooleanOrOfferYes_whenTargetSaysNo_thenNegotiationException() {
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("DataPDUInOrder", "No")));
        assertEquals("DataPDUInOrder", e.key());
    }

    @Test
    void givenBooleanKey_whenTargetAnswersMaybe_thenNegotiationException() {
        assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("InitialR2T", "Maybe")));
    }

    // ---- numerical min / max ----

    @Test
    void givenNumericalMin_whenTargetAnswersLower_thenLowerValue() throws Exception {
        OperationalNegotiator.Result r = negotiate(OperationalOffer.defaults(),
                Map.of("MaxBurstLength", "524288", "FirstBurstLength", "65536", "DefaultTime2Retain", "0"));
        assertEquals(524288, r.session().maxBurstLength());
        assertEquals(65536, r.session().firstBurstLength());
    }

    @Test
    void givenNumericalMin_whenTargetAnswersAboveOffer_thenNegotiationException() {
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("MaxBurstLength", "2097152")));
        assertTrue(e.getMessage().contains("exceeds our offer 1048576"), e.getMessage());
    }

    @Test
    void givenNumericalKey_whenTargetAnswersOutOfRange_thenNegotiationException() {
        assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("MaxBurstLength", "511")));
        assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("MaxOutstandingR2T", "0")));
        assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("MaxConnections", "lots")));
    }

    @Test
    void givenNumericalMax_whenTargetAnswersHigher_thenHigherValue() throws Exception {
        assertEquals(20, negotiate(OperationalOffer.defaults(), Map.of("DefaultTime2Wait", "20"))
                .session().defaultTime2Wait());
        assertEquals(3600, negotiate(OperationalOffer.defaults(), Map.of("DefaultTime2Wait", "0xe10"))
                .session().defaultTime2Wait());
    }

    @Test
    void givenNumericalMax_whenTargetAnswersBelowOffer_thenNegotiationException() {
        assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("DefaultTime2Wait", "1")));
        assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("DefaultTime2Wait", "3601")));
    }

    @Test
    void givenErrorRecoveryLevelOfferZero_whenTargetAnswersOne_thenNegotiationException() {
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("ErrorRecoveryLevel", "1")));
        assertEquals("ErrorRecoveryLevel", e.key());
    }

    @Test
    void givenFirstBurstAboveNegotiatedMaxBurst_whenResultBuilt_thenNegotiationException() {
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(),
                        Map.of("MaxBurstLength", "65536", "FirstBurstLength", "262144")));
        assertEquals("FirstBurstLength", e.key());
        assertTrue(e.getMessage().contains("§13.14"));
    }

    // ---- list (digests) ----

    @Test
    void givenDigestList_whenTargetPicksCrc32c_thenCrc32c() throws Exception {
        OperationalNegotiator.Result r = negotiate(OperationalOffer.defaults(),
                Map.of("HeaderDigest", "CRC32C", "DataDigest", "None"));
        assertEquals(DigestType.CRC32C, r.connection().headerDigest());
        assertEquals(DigestType.NONE, r.connection().dataDigest());
    }

    @Test
    void givenDigestList_whenTargetAnswersValueNotOffered_thenNegotiationException() {
        OperationalOffer crcOnly = OperationalOffer.defaults().withDigests(List.of(DigestType.CRC32C),
                List.of(DigestType.NONE));
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(crcOnly, Map.of("HeaderDigest", "None")));
        assertEquals("HeaderDigest", e.key());
        assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), Map.of("DataDigest", "None,CRC32C")));
    }

    @Test
    void givenCrc32cRequired_whenTargetRejects_thenNegotiationExceptionBecauseDefaultNoneNotOffered() {
        OperationalOffer crcOnly = OperationalOffer.defaults().withDigests(List.of(DigestType.CRC32C),
                List.of(DigestType.NONE));
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(crcOnly, Map.of("HeaderDigest", "Reject")));
        assertTrue(e.getMessage().contains("incompatible"), e.getMessage());
    }

    @Test
    void givenRejectOnAcceptableDefault_whenResultBuilt_thenRfcDefault() throws Exception {
        OperationalNegotiator.Result r = negotiate(OperationalOffer.defaults(),
                Map.of("HeaderDigest", "Reject", "InitialR2T", "Irrelevant", "MaxOutstandingR2T", "NotUnderstood"));
        assertEquals(DigestType.NONE, r.connection().headerDigest());
        assertTrue(r.session().initialR2T());
        assertEquals(1, r.session().maxOutstandingR2T());
    }

    // ---- declarative ----

    @Test
    void givenTargetDeclaresMaxRecvDataSegmentLength_whenResultBuilt_thenPerDirectionValues() throws Exception {
        OperationalNegotiator n = negotiator(OperationalOffer.defaults());
        List<KeyValue> answers = new ArrayList<>(agreeableAnswers(n.offer(), Map.of()));
        answers.add(KeyValue.of("MaxRecvDataSegmentLength", "65536"));
        answers.add(KeyValue.of("TargetAlias", "disk one"));
        answers.add(KeyValue.of("TargetPortalGroupTag", "7"));
        n.accept(answers);
        OperationalNegotiator.Result r = n.result();
        assertEquals(262144, r.connection().initiatorMaxRecvDataSegmentLength());
        assertEquals(65536, r.connection().targetMaxRecvDataSegmentLength());
        assertEquals(65536, r.connection().maxSendDataSegmentLength());
        assertEquals(Optional.of("disk one"), r.session().targetAlias());
        assertEquals(7, r.session().targetPortalGroupTag().getAsInt());
    }

    @Test
    void givenTargetWithoutDeclaration_whenResultBuilt_thenTargetSegmentDefaults8192() throws Exception {
        assertEquals(8192, negotiate(OperationalOffer.defaults(), Map.of()).connection()
                .targetMaxRecvDataSegmentLength());
    }

    @Test
    void givenDeclaredLengthOutOfRange_whenAccepted_thenNegotiationException() {
        OperationalNegotiator n = negotiator(OperationalOffer.defaults());
        n.offer();
        assertThrows(NegotiationException.class,
                () -> n.accept(List.of(KeyValue.of("MaxRecvDataSegmentLength", "16777216"))));
        OperationalNegotiator n2 = negotiator(OperationalOffer.defaults());
        n2.offer();
        assertThrows(NegotiationException.class,
                () -> n2.accept(List.of(KeyValue.of("TargetPortalGroupTag", "65536"))));
    }

    // ---- target-originated offers, unknown keys, protocol rules ----

    @Test
    void givenTargetOffersKeysWeDidNotSend_whenAccepted_thenAnsweredByKind() throws Exception {
        OperationalNegotiator n = new OperationalNegotiator(OperationalOffer.defaults(), SessionType.NORMAL, true,
                INITIATOR, Optional.empty(), Optional.of(TARGET));
        // No offer() yet: the target speaks first (allowed, e.g. in the security stage).
        n.accept(List.of(KeyValue.of("MaxBurstLength", "65536"), KeyValue.of("ImmediateData", "Yes"),
                KeyValue.of("InitialR2T", "Yes"), KeyValue.of("DefaultTime2Wait", "1"),
                KeyValue.of("HeaderDigest", "CRC32C,None"), KeyValue.of("X-com.example.Feature", "On")));
        assertEquals(List.of(KeyValue.of("MaxBurstLength", "65536"), KeyValue.of("ImmediateData", "Yes"),
                        KeyValue.of("InitialR2T", "Yes"), KeyValue.of("DefaultTime2Wait", "2"),
                        KeyValue.of("HeaderDigest", "CRC32C"), KeyValue.of("X-com.example.Feature", "NotUnderstood")),
                n.takeAnswers());
        assertEquals(List.of(), n.takeAnswers());
    }

    @Test
    void givenTargetOffersListWithNothingWeSupport_whenAccepted_thenRejectAnswered() throws Exception {
        OperationalNegotiator n = negotiator(OperationalOffer.defaults());
        n.accept(List.of(KeyValue.of("DataDigest", "Adler32")));
        assertEquals(List.of(KeyValue.of("DataDigest", "Reject")), n.takeAnswers());
    }

    @Test
    void givenSimpleValueLongerThan255Bytes_whenAccepted_thenNegotiationException() throws Exception {
        OperationalNegotiator n = negotiator(OperationalOffer.defaults());
        n.offer();
        n.accept(List.of(KeyValue.of("TargetAlias", "a".repeat(255))));
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> n.accept(List.of(KeyValue.of("HeaderDigest", "N".repeat(256)))));
        assertTrue(e.getMessage().contains("value length: 256 (expected: <= 255)"), e.getMessage());
    }

    @Test
    void givenIserOfferRefused_whenResultBuilt_thenOurUndeclaredSegmentLengthIsTheDefault() throws Exception {
        OperationalNegotiator.Result r = negotiate(OperationalOffer.defaults().withRdmaExtensions(true),
                Map.of("RDMAExtensions", "No"));
        assertFalse(r.session().rdmaExtensions());
        // We never declared MaxRecvDataSegmentLength (iSER replaces it), so the target may send only 8192.
        assertEquals(8192, r.connection().initiatorMaxRecvDataSegmentLength());
        assertEquals(8192, r.connection().initiatorRecvDataSegmentLength());
    }

    @Test
    void givenDeclarationRepeated_whenSameValue_thenAcceptedElseRejected() throws Exception {
        OperationalNegotiator n = negotiator(OperationalOffer.defaults());
        n.accept(List.of(KeyValue.of("TargetPortalGroupTag", "1")));
        n.accept(List.of(KeyValue.of("TargetPortalGroupTag", "1")));
        assertThrows(NegotiationException.class, () -> n.accept(List.of(KeyValue.of("TargetPortalGroupTag", "2"))));
    }

    @Test
    void givenKeySentTwice_whenAccepted_thenNegotiationException() {
        OperationalNegotiator n = negotiator(OperationalOffer.defaults());
        n.offer();
        assertThrows(NegotiationException.class, () -> n.accept(List.of(KeyValue.of("MaxBurstLength", "65536"),
                KeyValue.of("MaxBurstLength", "65536"))));
    }

    @Test
    void givenUnansweredRequiredKey_whenResultBuilt_thenNegotiationExceptionNamesIt() throws Exception {
        Map<String, String> omit = new LinkedHashMap<>();
        omit.put("MaxBurstLength", null);
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> negotiate(OperationalOffer.defaults(), omit));
        assertEquals("MaxBurstLength", e.key());
    }

    @Test
    void givenTgtdCapturedAnswer_whenNegotiated_thenTgtdValuesHonoured() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("tgtd-chap-md5-capture.properties")) {
            p.load(in);
        }
        List<KeyValue> answer = new ArrayList<>();
        for (String pair : p.getProperty("rsp4").split(",")) {
            String[] kv = pair.split("=", 2);
            answer.add(KeyValue.of(kv[0], kv[1]));
        }
        OperationalOffer libiscsiLike = new OperationalOffer(List.of(DigestType.NONE, DigestType.CRC32C),
                List.of(DigestType.NONE), 1, false, true, 262144, 262144, 262144, 2, 0, 1, true, true, 0, false, 8192);
        OperationalNegotiator n = negotiator(libiscsiLike);
        n.offer();
        n.accept(answer);
        // IFMarker/OFMarker (RFC 3720 keys, gone in RFC 7143) are answered NotUnderstood.
        assertEquals(List.of(KeyValue.of("IFMarker", "NotUnderstood"), KeyValue.of("OFMarker", "NotUnderstood")),
                n.takeAnswers());
        OperationalNegotiator.Result r = n.result();
        assertTrue(r.session().initialR2T());
        assertTrue(r.session().immediateData());
        assertEquals(65536, r.session().firstBurstLength());
        assertEquals(262144, r.session().maxBurstLength());
        assertEquals(0, r.session().defaultTime2Retain());
        assertEquals(8192, r.connection().targetMaxRecvDataSegmentLength());
    }

    @Test
    void givenEveryTableRow_whenInspected_thenDefaultsWithinRange() throws Exception {
        for (KeyDefinition d : NegotiationTable.all()) {
            if (d.numeric() && d.defaultValue() != null) {
                d.parseNumber(d.defaultValue());
            }
            if (d.kind() == KeyKind.BOOLEAN_AND || d.kind() == KeyKind.BOOLEAN_OR) {
                d.parseBoolean(d.defaultValue());
            }
        }
        assertEquals(KeyKind.NUMERICAL_MAX, NegotiationTable.get("DefaultTime2Wait").kind());
        assertEquals(KeyKind.BOOLEAN_OR, NegotiationTable.get("InitialR2T").kind());
        assertEquals(KeyKind.BOOLEAN_AND, NegotiationTable.get("ImmediateData").kind());
        assertEquals(KeyScope.CONNECTION_ONLY, NegotiationTable.get("MaxRecvDataSegmentLength").scope());
    }

    @Test
    void givenIllegalOffer_whenConstructed_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new OperationalOffer(List.of(DigestType.NONE),
                List.of(DigestType.NONE), 1, false, true, 8192, 65536, 131072, 2, 0, 1, true, true, 0, false, 8192));
        assertThrows(IllegalArgumentException.class, () -> new OperationalOffer(List.of(DigestType.NONE),
                List.of(DigestType.NONE), 1, false, true, 8192, 65536, 65536, 2, 0, 1, true, true, 1, false, 8192));
        assertThrows(IllegalArgumentException.class, () -> new OperationalOffer(List.of(),
                List.of(DigestType.NONE), 1, false, true, 8192, 65536, 65536, 2, 0, 1, true, true, 0, false, 8192));
        assertThrows(IllegalArgumentException.class, () -> new OperationalOffer(List.of(DigestType.NONE),
                List.of(DigestType.NONE), 1, false, true, 511, 65536, 65536, 2, 0, 1, true, true, 0, false, 8192));
    }
}
