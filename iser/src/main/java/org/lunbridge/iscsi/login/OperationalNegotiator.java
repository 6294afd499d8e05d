package org.lunbridge.iscsi.login;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Negotiates the operational keys of one login (RFC 7143 §6.2, §13; RFC 7145 §6) from {@link NegotiationTable}.
 * Feed it every key the target sends ({@link #accept}), send what {@link #offer()} and {@link #takeAnswers()}
 * return, and call {@link #result()} once the target transits to full feature phase.
 *
 * <p>Answers are checked against our offer by kind: a numerical-min answer may not exceed our value, a
 * numerical-max one may not be below it, a list answer must be one of our values, a boolean-AND answer may not
 * turn our No into Yes, a boolean-OR answer may not turn our Yes into No. Not thread-safe.
 */
public final class OperationalNegotiator {

    private final OperationalOffer offer;
    private final Map<String, String> ourValues;
    private final SessionType sessionType;
    private final boolean leading;
    private final String initiatorName;
    private final Optional<String> initiatorAlias;
    private final Optional<String> targetName;

    private final Map<String, String> offered = new LinkedHashMap<>();   // sent, awaiting answer
    private final Map<String, String> results = new LinkedHashMap<>();   // settled values
    private final Set<String> received = new HashSet<>();                 // §6.2: a key at most once
    private final List<KeyValue> answers = new ArrayList<>();             // owed to the target
    private boolean offerMade;

    /**
     * @param leading true on the session's first connection (TSIH 0): "LO" keys are negotiated only then
     */
    public OperationalNegotiator(OperationalOffer offer, SessionType sessionType, boolean leading,
                                 String initiatorName, Optional<String> initiatorAlias, Optional<String> targetName) {
        this.offer = offer;
        this.ourValues = offer.asKeyValues();
        this.sessionType = sessionType;
        this.leading = leading;
        this.initiatorName = initiatorName;
        this.initiatorAlias = initiatorAlias;
        this.targetName = targetName;
    }

    /** Our proposals, once: keys irrelevant for this session type or connection are left out. */
    public List<KeyValue> offer() {
        if (offerMade) {
            throw new IllegalStateException("offer() already called");
        }
        offerMade = true;
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<String, String> e : ourValues.entrySet()) {
            String key = e.getKey();
            if (!shouldOffer(key) || results.containsKey(key) || received.contains(key)) {
                continue;   // irrelevant here, or already settled by an earlier target offer
            }
            KeyDefinition d = NegotiationTable.get(key);
            if (d.kind() == KeyKind.DECLARATIVE) {
                results.put(key, e.getValue());
            } else {
                offered.put(key, e.getValue());
            }
            out.add(KeyValue.of(key, e.getValue()));
        }
        return out;
    }

    private boolean shouldOffer(String key) {
        KeyDefinition d = NegotiationTable.get(key);
        if (d.leadingOnly() && !leading) {
            return false;
        }
        if (d.irrelevantInDiscovery() && sessionType == SessionType.DISCOVERY) {
            return false;
        }
        boolean iser = offer.rdmaExtensions();
        return switch (key) {
            // RFC 7145 §6.3: RDMAExtensions is only worth sending when we want it; defaults to No.
            case TextKeys.RDMA_EXTENSIONS, TextKeys.INITIATOR_RECV_DATA_SEGMENT_LENGTH -> iser;
            // RFC 7145 §6.5: with iSER the RDMA keys replace MaxRecvDataSegmentLength.
            case TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH -> !iser;
            default -> true;
        };
    }

    /** Processes keys sent by the target (answers to us, its own offers, its declarations). */
    public void accept(List<KeyValue> fromTarget) throws NegotiationException {
        for (KeyValue kv : fromTarget) {
            acceptOne(kv.key(), kv.value());
        }
    }

    private void acceptOne(String key, String value) throws NegotiationException {
        Optional<KeyDefinition> found = NegotiationTable.lookup(key);
        if (found.isEmpty()) {
            // RFC 7143 §6.2: unknown keys (including X- extensions) are answered NotUnderstood.
            if (!TextKeys.isReservedAnswer(value)) {
                answers.add(KeyValue.of(key, TextKeys.NOT_UNDERSTOOD));
            }
            return;
        }
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > TextKeys.MAX_SIMPLE_VALUE_BYTES) {
            // RFC 7143 §6.1: every key in the table takes simple values of at most 255 bytes.
            throw new NegotiationException(key, "value length: " + value.length() + " (expected: <= "
                    + TextKeys.MAX_SIMPLE_VALUE_BYTES + ")");
        }
        KeyDefinition d = found.get();
        if (!received.add(key)) {
            // Some targets repeat a declaration (e.g. TargetPortalGroupTag) in later responses; harmless if equal.
            String earlier = results.get("target." + key);
            if (d.kind() == KeyKind.DECLARATIVE && (earlier == null || earlier.equals(value))) {
                return;
            }
            throw new NegotiationException(key, "sent twice by the target (RFC 7143 §6.2)");
        }
        if (d.kind() == KeyKind.DECLARATIVE) {
            acceptDeclaration(d, value);
        } else if (offered.containsKey(key)) {
            results.put(key, checkAnswer(d, offered.remove(key), value));
        } else if (results.containsKey(key)) {
            throw new NegotiationException(key, "renegotiated after it was settled (RFC 7143 §6.2)");
        } else {
            answerTargetOffer(d, value);
        }
    }

    private void acceptDeclaration(KeyDefinition d, String value) throws NegotiationException {
        String key = d.name();
        if (TextKeys.isReservedAnswer(value)) {
            return;   // e.g. a target echoing Irrelevant for an iSER key: nothing declared
        }
        switch (key) {
            case TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH, TextKeys.TARGET_RECV_DATA_SEGMENT_LENGTH,
                 TextKeys.TARGET_PORTAL_GROUP_TAG -> {
                d.parseNumber(value);
                results.put("target." + key, value);
            }
            case TextKeys.TARGET_ALIAS, TextKeys.TARGET_ADDRESS -> results.put("target." + key, value);
            default -> {
                // Initiator-declared keys echoed by a target carry nothing for us.
            }
        }
    }

    private String checkAnswer(KeyDefinition d, String ours, String answer) throws NegotiationException {
        String key = d.name();
        if (TextKeys.isReservedAnswer(answer)) {
            return fallbackToDefault(d, ours, answer);
        }
        switch (d.kind()) {
            case BOOLEAN_AND -> {
                boolean a = d.parseBoolean(answer);
                if (!d.parseBoolean(ours) && a) {
                    throw new NegotiationException(key, "answered Yes to our No (boolean AND, RFC 7143 §6.2.2)");
                }
            }
            case BOOLEAN_OR -> {
                boolean a = d.parseBoolean(answer);
                if (d.parseBoolean(ours) && !a) {
                    throw new NegotiationException(key, "answered No to our Yes (boolean OR, RFC 7143 §6.2.2)");
                }
            }
            case NUMERICAL_MIN -> {
                long a = d.parseNumber(answer);
                if (a > Long.parseLong(ours)) {
                    throw new NegotiationException(key, a + " exceeds our offer " + ours
                            + " (numerical-min, RFC 7143 §6.2.2)");
                }
                return Long.toString(a);
            }
            case NUMERICAL_MAX -> {
                long a = d.parseNumber(answer);
                if (a < Long.parseLong(ours)) {
                    throw new NegotiationException(key, a + " is below our offer " + ours
                            + " (numerical-max, RFC 7143 §6.2.2)");
                }
                return Long.toString(a);
            }
            case LIST -> {
                if (!Arrays.asList(ours.split(",")).contains(answer)) {
                    throw new NegotiationException(key, "\"" + answer + "\" is not one of our offered values "
                            + ours + " (RFC 7143 §6.2.1)");
                }
            }
            case DECLARATIVE -> throw new IllegalStateException("declarative keys are never offered");
        }
        return answer;
    }

    /**
     * RFC 7143 §6.2: after Reject, Irrelevant or NotUnderstood the key keeps its default. We accept that only
     * when the default is something we offered or can live with; otherwise the login cannot be safe.
     */
    private static String fallbackToDefault(KeyDefinition d, String ours, String answer)
            throws NegotiationException {
        String dflt = d.defaultValue();
        boolean acceptable = switch (d.kind()) {
            case BOOLEAN_AND -> d.parseBoolean(ours) || !d.parseBoolean(dflt);
            case BOOLEAN_OR -> !d.parseBoolean(ours) || d.parseBoolean(dflt);
            case NUMERICAL_MIN -> Long.parseLong(dflt) <= Long.parseLong(ours);
            case NUMERICAL_MAX -> Long.parseLong(dflt) >= Long.parseLong(ours);
            case LIST -> Arrays.asList(ours.split(",")).contains(dflt);
            case DECLARATIVE -> true;
        };
        if (!acceptable) {
            throw new NegotiationException(d.name(), "target answered " + answer + " and the default " + dflt
                    + " is incompatible with our offer " + ours);
        }
        return dflt;
    }

    private void answerTargetOffer(KeyDefinition d, String theirs) throws NegotiationException {
        String key = d.name();
        if (TextKeys.isReservedAnswer(theirs)) {
            throw new NegotiationException(key, "\"" + theirs + "\" answers a key we never offered");
        }
        if ((d.irrelevantInDiscovery() && sessionType == SessionType.DISCOVERY) || (d.leadingOnly() && !leading)) {
            answers.add(KeyValue.of(key, TextKeys.IRRELEVANT));
            return;
        }
        String ours = ourValues.get(key);
        String result = switch (d.kind()) {
            case BOOLEAN_AND -> OperationalOffer.yesNo(d.parseBoolean(ours) && d.parseBoolean(theirs));
            case BOOLEAN_OR -> OperationalOffer.yesNo(d.parseBoolean(ours) || d.parseBoolean(theirs));
            case NUMERICAL_MIN -> Long.toString(Math.min(d.parseNumber(ours), d.parseNumber(theirs)));
            case NUMERICAL_MAX -> Long.toString(Math.max(d.parseNumber(ours), d.parseNumber(theirs)));
            case LIST -> firstSupported(Arrays.asList(theirs.split(",")), Arrays.asList(ours.split(",")));
            case DECLARATIVE -> throw new IllegalStateException("handled by acceptDeclaration");
        };
        if (result == null) {
            answers.add(KeyValue.of(key, TextKeys.REJECT));
            results.put(key, fallbackToDefault(d, ours, TextKeys.REJECT));
            return;
        }
        answers.add(KeyValue.of(key, result));
        results.put(key, result);
    }

    private static String firstSupported(List<String> theirs, List<String> ours) {
        for (String v : theirs) {
            if (ours.contains(v)) {
                return v;
            }
        }
        return null;
    }

    /** Answers we owe the target (to its offers and unknown keys); cleared by this call. */
    public List<KeyValue> takeAnswers() {
        List<KeyValue> out = List.copyOf(answers);
        answers.clear();
        return out;
    }

    /** True when every offered key is answered or needs no answer (§6.2.2 AND/No, OR/Yes). */
    public boolean complete() {
        return unanswered().isEmpty();
    }

    /** Offered keys still waiting for an answer that the RFC requires. */
    public List<String> unanswered() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : offered.entrySet()) {
            KeyDefinition d = NegotiationTable.get(e.getKey());
            boolean optional = (d.kind() == KeyKind.BOOLEAN_AND && TextKeys.NO.equals(e.getValue()))
                    || (d.kind() == KeyKind.BOOLEAN_OR && TextKeys.YES.equals(e.getValue()));
            if (!optional) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** The negotiated parameters. Throws if a required answer is missing or a cross-key rule is broken. */
    public Result result() throws NegotiationException {
        List<String> missing = unanswered();
        if (!missing.isEmpty()) {
            throw new NegotiationException(missing.get(0), "the target never answered " + missing
                    + " (RFC 7143 §6.2)");
        }
        offered.forEach(results::putIfAbsent);   // optional answers: our offer is the result
        boolean unsolicited = !bool(TextKeys.INITIAL_R2T) || bool(TextKeys.IMMEDIATE_DATA);
        if (unsolicited && number(TextKeys.FIRST_BURST_LENGTH) > number(TextKeys.MAX_BURST_LENGTH)) {
            throw new NegotiationException(TextKeys.FIRST_BURST_LENGTH, number(TextKeys.FIRST_BURST_LENGTH)
                    + " exceeds MaxBurstLength " + number(TextKeys.MAX_BURST_LENGTH) + " (RFC 7143 §13.14)");
        }
        SessionParameters s = new SessionParameters(sessionType, initiatorName, initiatorAlias, targetName,
                Optional.ofNullable(results.get("target." + TextKeys.TARGET_ALIAS)),
                results.containsKey("target." + TextKeys.TARGET_PORTAL_GROUP_TAG)
                        ? OptionalInt.of(Integer.parseInt(results.get("target." + TextKeys.TARGET_PORTAL_GROUP_TAG)))
                        : OptionalInt.empty(),
                number(TextKeys.MAX_CONNECTIONS), bool(TextKeys.INITIAL_R2T), bool(TextKeys.IMMEDIATE_DATA),
                number(TextKeys.MAX_BURST_LENGTH), number(TextKeys.FIRST_BURST_LENGTH),
                number(TextKeys.DEFAULT_TIME2WAIT), number(TextKeys.DEFAULT_TIME2RETAIN),
                number(TextKeys.MAX_OUTSTANDING_R2T), bool(TextKeys.DATA_PDU_IN_ORDER),
                bool(TextKeys.DATA_SEQUENCE_IN_ORDER), number(TextKeys.ERROR_RECOVERY_LEVEL),
                bool(TextKeys.RDMA_EXTENSIONS));
        if (s.errorRecoveryLevel() != 0) {
            throw new NegotiationException(TextKeys.ERROR_RECOVERY_LEVEL, s.errorRecoveryLevel()
                    + " but we implement level 0 only");
        }
        boolean iser = s.rdmaExtensions();
        ConnectionParameters c = new ConnectionParameters(
                DigestType.fromKeyValue(resultOrDefault(TextKeys.HEADER_DIGEST)),
                DigestType.fromKeyValue(resultOrDefault(TextKeys.DATA_DIGEST)),
                declared(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH),
                targetNumber(TextKeys.MAX_RECV_DATA_SEGMENT_LENGTH),
                iser ? declared(TextKeys.INITIATOR_RECV_DATA_SEGMENT_LENGTH) : 8192,
                iser ? targetNumber(TextKeys.TARGET_RECV_DATA_SEGMENT_LENGTH) : 8192);
        return new Result(s, c);
    }

    /** Session-wide and per-connection results together. */
    public record Result(SessionParameters session, ConnectionParameters connection) {
    }

    private String resultOrDefault(String key) {
        String v = results.get(key);
        return v != null ? v : NegotiationTable.get(key).defaultValue();
    }

    private int number(String key) {
        String v = resultOrDefault(key);
        // The table's defaults and checkAnswer's range checks keep these in int range.
        return Integer.parseInt(v);
    }

    private boolean bool(String key) {
        return TextKeys.YES.equals(resultOrDefault(key));
    }

    /** What we declared (offer() stores our declarations), or the default if we never sent the key. */
    private int declared(String key) {
        return Integer.parseInt(resultOrDefault(key));
    }

    private int targetNumber(String key) {
        String v = results.get("target." + key);
        return Integer.parseInt(v != null ? v : NegotiationTable.get(key).defaultValue());
    }
}
