package org.lunbridge.iscsi.login;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One login attempt as a pure state machine (RFC 7143 §6.3): {@link #start()} gives the first Login Request,
 * each {@link #onResponse} consumes a Login Response and gives the next request or the result; failures are
 * thrown as {@link LoginException} subclasses and leave the conversation {@link LoginState#FAILED}.
 *
 * <pre>
 *  INITIAL --start--> SECURITY_NEGOTIATION --T=1,NSG=1--> OPERATIONAL_NEGOTIATION --T=1,NSG=3--> FULL_FEATURE_PHASE
 *                          |  AuthMethod, CHAP_A, CHAP_N/R [+ mutual CHAP_I/C]      | offer, answers
 *                          +-------------- any failure --------------> FAILED <----+
 * </pre>
 *
 * Handles the target holding back the transition (T=0 answers), choosing an earlier stage than we asked,
 * text split with the C bit in either direction, and status class 1-3 responses. Not thread-safe.
 */
public final class LoginConversation {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.iscsi.login");

    /** A login that has not finished after this many responses is a target that never progresses. */
    public static final int MAX_EXCHANGES = 64;
    /** RFC 7143 §13.12: until negotiated, data segments are limited to the default MaxRecvDataSegmentLength. */
    static final int LOGIN_SEGMENT_BYTES = TextKeys.DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH;

    private enum SecurityStep { AUTH_METHOD_SENT, CHAP_ALGORITHMS_SENT, CHAP_RESPONSE_SENT, DONE }

    private final LoginConfig config;
    private final OperationalNegotiator negotiator;
    private final ChapAuthenticator chap;
    private final TextAssembler assembler = new TextAssembler();
    private final Deque<byte[]> outgoing = new ArrayDeque<>();
    private final int segmentBytes;

    private LoginState state = LoginState.INITIAL;
    private SecurityStep securityStep = SecurityStep.AUTH_METHOD_SENT;
    private LoginStage currentStage = LoginStage.SECURITY_NEGOTIATION;
    private boolean finalTransit;          // T of the last chunk of the current text
    private LoginStage finalNextStage = LoginStage.LOGIN_OPERATIONAL_NEGOTIATION;
    private boolean lastSentTransit;
    private LoginStage lastSentNextStage = LoginStage.LOGIN_OPERATIONAL_NEGOTIATION;
    private int exchanges;
    private int tsih;

    public LoginConversation(LoginConfig config) {
        this(config, config.chap().map(ChapAuthenticator::new).orElse(null));
    }

    /** For tests: a CHAP authenticator with a seeded random and private challenge history. */
    public LoginConversation(LoginConfig config, ChapAuthenticator chap) {
        this(config, chap, LOGIN_SEGMENT_BYTES);
    }

    /** For tests: a smaller segment size exercises our C-bit splitting with ordinary texts. */
    LoginConversation(LoginConfig config, ChapAuthenticator chap, int segmentBytes) {
        this.config = config;
        this.chap = chap;
        this.segmentBytes = segmentBytes;
        if ((chap == null) != config.chap().isEmpty()) {
            throw new IllegalArgumentException("CHAP authenticator must be given exactly when CHAP is configured");
        }
        this.negotiator = new OperationalNegotiator(config.offer(), config.sessionType(), true,
                config.initiatorName(), config.initiatorAlias(), config.targetName());
    }

    public LoginState state() {
        return state;
    }

    /** The stage of the request last sent (for {@link LoginFailedException#stage()}). */
    public LoginStage currentStage() {
        return currentStage;
    }

    /** The CHAP algorithm the target chose, once known (for {@link ChapRetryPolicy}). */
    public Optional<ChapAlgorithm> chapAlgorithm() {
        return Optional.ofNullable(chap == null ? null : chap.algorithm());
    }

    /** The first Login Request: identities and the AuthMethod offer (§6.3.1, §13.4, §13.5, §13.21). */
    public LoginStep start() throws LoginException {
        move(LoginState.SECURITY_NEGOTIATION);
        List<KeyValue> keys = new ArrayList<>();
        keys.add(KeyValue.of(TextKeys.INITIATOR_NAME, config.initiatorName()));
        config.initiatorAlias().ifPresent(a -> keys.add(KeyValue.of(TextKeys.INITIATOR_ALIAS, a)));
        config.targetName().ifPresent(t -> keys.add(KeyValue.of(TextKeys.TARGET_NAME, t)));
        keys.add(KeyValue.of(TextKeys.SESSION_TYPE, config.sessionType().keyValue()));
        String methods = chap == null ? TextKeys.NONE
                : config.allowNoAuthentication() ? TextKeys.AUTH_CHAP + "," + TextKeys.NONE : TextKeys.AUTH_CHAP;
        keys.add(KeyValue.of(TextKeys.AUTH_METHOD, methods));
        // Ask to transit only if the target may choose None; with CHAP the exchange must happen first.
        return send(keys, config.noneAcceptable(), LoginStage.LOGIN_OPERATIONAL_NEGOTIATION);
    }

    /** Consumes one Login Response. */
    public LoginStep onResponse(LoginMessages.Response response) throws LoginException {
        if (state != LoginState.SECURITY_NEGOTIATION && state != LoginState.OPERATIONAL_NEGOTIATION) {
            throw new IllegalStateException("login response in state " + state);
        }
        try {
            return handle(response);
        } catch (LoginException | RuntimeException e) {
            state = LoginState.FAILED;
            throw e;
        }
    }

    private LoginStep handle(LoginMessages.Response r) throws LoginException {
        LOG.log(Level.DEBUG, "login <- {0}", r);
        if (++exchanges > MAX_EXCHANGES) {
            throw new LoginProtocolException("login did not finish after " + MAX_EXCHANGES + " responses");
        }
        checkStatus(r);
        if (r.versionActive() != 0) {
            throw new LoginProtocolException("VersionActive " + r.versionActive() + " (expected: 0, RFC 7143 §11.13)");
        }
        checkStages(r);
        checkTsih(r);
        if (!outgoing.isEmpty()) {
            // We are still sending a C=1 text: the target acknowledges each part with an empty response.
            if (r.data().length != 0 || r.continues()) {
                throw new LoginProtocolException("target sent text while our C=1 sequence was incomplete");
            }
            return sendNextChunk();
        }
        Optional<List<KeyValue>> text = assembler.append(r.data(), r.continues());
        if (text.isEmpty()) {
            // §11.13 (C bit): answer a C=1 response with an empty request to fetch the rest. It keeps the T bit of
            // the request being answered so the target may still transit with the last part.
            return emit(new byte[0], lastSentTransit, false, lastSentNextStage);
        }
        List<KeyValue> keys = text.get();
        LOG.log(Level.DEBUG, "login <- {0}", keys);
        Map<String, String> security = new LinkedHashMap<>();
        List<KeyValue> operational = new ArrayList<>();
        for (KeyValue kv : keys) {
            if (TextKeys.isSecurityKey(kv.key())) {
                if (security.put(kv.key(), kv.value()) != null) {
                    throw new NegotiationException(kv.key(), "sent twice by the target (RFC 7143 §6.2)");
                }
            } else {
                operational.add(kv);
            }
        }
        if (currentStage != LoginStage.SECURITY_NEGOTIATION && !security.isEmpty()) {
            // RFC 7143 §6.3: security keys belong to the security stage only.
            throw new LoginProtocolException("security keys " + security.keySet() + " in " + currentStage);
        }
        negotiator.accept(operational);
        return currentStage == LoginStage.SECURITY_NEGOTIATION ? security(r, security) : operational(r);
    }

    private void checkStatus(LoginMessages.Response r) throws LoginException {
        int cls = r.statusClass();
        if (cls == 0) {
            return;
        }
        if (!LoginStatus.isKnownClass(cls)) {
            throw new LoginProtocolException("status class " + cls + " is undefined (RFC 7143 §11.13.5)");
        }
        LoginStatus status = LoginStatus.of(cls, r.statusDetail());
        if (cls == 1) {
            String address = null;
            for (KeyValue kv : KeyValueCodec.decode(r.data())) {
                if (kv.key().equals(TextKeys.TARGET_ADDRESS)) {
                    address = kv.value();
                }
            }
            if (address == null) {
                throw new LoginProtocolException("redirect " + LoginStatus.nameOf(cls, r.statusDetail())
                        + " without TargetAddress (RFC 7143 §11.13.5)");
            }
            throw new LoginRedirectException(TargetAddress.parse(address),
                    status == LoginStatus.TARGET_MOVED_PERMANENTLY);
        }
        throw new LoginFailedException(status, currentStage, failureText(status, r));
    }

    private String failureText(LoginStatus status, LoginMessages.Response r) {
        String target = config.targetName().orElse("(discovery)");
        String what = switch (status) {
            case AUTHENTICATION_FAILURE -> chap != null
                    ? "CHAP authentication failed for user " + chap.userName()
                            + chapAlgorithm().map(a -> " (CHAP_A=" + a.number() + " " + a + ")").orElse("")
                            + " at target " + target
                    : "authentication failed for initiator " + config.initiatorName() + " at target " + target;
            case AUTHORIZATION_FAILURE -> "authorization failure: initiator " + config.initiatorName()
                    + " may not access target " + target;
            case NOT_FOUND -> "target IQN not found: " + target;
            default -> status.message() + " (target " + target + ")";
        };
        return "login failed with " + LoginStatus.nameOf(r.statusClass(), r.statusDetail()) + " in "
                + currentStage + ": " + what + (status.retryMayHelp() ? "; a retry may succeed" : "");
    }

    private void checkStages(LoginMessages.Response r) throws LoginProtocolException {
        LoginStage csg = LoginStage.fromCode(r.currentStage());
        if (csg != currentStage) {
            throw new LoginProtocolException("response CSG " + csg + " but our request was in " + currentStage);
        }
        if (r.transit() && r.continues()) {
            throw new LoginProtocolException("response has both T and C set (RFC 7143 §11.13, T and C bits)");
        }
        if (r.transit()) {
            if (!lastSentTransit) {
                throw new LoginProtocolException("target transited without our T bit (RFC 7143 §11.13, T and C bits)");
            }
            LoginStage nsg = LoginStage.fromCode(r.nextStage());
            if (nsg.code() <= csg.code() || nsg.code() > lastSentNextStage.code()) {
                throw new LoginProtocolException("target NSG " + nsg + " (expected: after " + csg
                        + " and not beyond our " + lastSentNextStage + ")");
            }
        }
    }

    private void checkTsih(LoginMessages.Response r) throws LoginProtocolException {
        if (r.tsih() == 0) {
            return;
        }
        if (tsih != 0 && tsih != r.tsih()) {
            throw new LoginProtocolException("TSIH changed from " + tsih + " to " + r.tsih() + " during login");
        }
        tsih = r.tsih();
    }

    private LoginStep security(LoginMessages.Response r, Map<String, String> keys) throws LoginException {
        List<KeyValue> next = new ArrayList<>();
        switch (securityStep) {
            case AUTH_METHOD_SENT -> {
                String method = keys.get(TextKeys.AUTH_METHOD);
                if (TextKeys.AUTH_CHAP.equals(method) && chap != null) {
                    if (r.transit()) {
                        throw new AuthenticationException(AuthenticationException.Reason.AUTH_METHOD_REJECTED,
                                "target chose CHAP but transited without authenticating");
                    }
                    next.addAll(chap.start());
                    securityStep = SecurityStep.CHAP_ALGORITHMS_SENT;
                } else if (TextKeys.NONE.equals(method) && config.noneAcceptable()) {
                    securityStep = SecurityStep.DONE;
                } else {
                    throw new AuthenticationException(AuthenticationException.Reason.AUTH_METHOD_REJECTED,
                            (method == null ? "target did not answer AuthMethod" : "target answered AuthMethod="
                                    + method) + " to our offer "
                                    + (chap == null ? "None" : config.noneAcceptable() ? "CHAP,None" : "CHAP"));
                }
            }
            case CHAP_ALGORITHMS_SENT -> {
                if (r.transit()) {
                    throw new AuthenticationException(AuthenticationException.Reason.BAD_CHALLENGE,
                            "target transited before sending its CHAP challenge");
                }
                next.addAll(chap.onChallenge(keys));
                securityStep = SecurityStep.CHAP_RESPONSE_SENT;
                if (!chap.mutual()) {
                    chap.onTargetResponse(Map.of());
                }
            }
            case CHAP_RESPONSE_SENT -> {
                if (chap.mutual() && !chap.done() && (r.transit() || keys.containsKey(TextKeys.CHAP_R)
                        || keys.containsKey(TextKeys.CHAP_N))) {
                    chap.onTargetResponse(keys);   // throws unless the target proved its identity
                }
                if (chap.done()) {
                    securityStep = SecurityStep.DONE;
                }
            }
            case DONE -> {
                if (!keys.isEmpty()) {
                    throw new LoginProtocolException("security keys " + keys.keySet() + " after authentication");
                }
            }
        }
        next.addAll(negotiator.takeAnswers());
        if (r.transit()) {
            if (securityStep == SecurityStep.CHAP_RESPONSE_SENT && chap.done()) {
                securityStep = SecurityStep.DONE;
            }
            if (securityStep != SecurityStep.DONE) {
                throw new AuthenticationException(AuthenticationException.Reason.TARGET_NOT_AUTHENTICATED,
                        "target left the security stage before authentication completed");
            }
            if (!next.isEmpty()) {
                throw new LoginProtocolException("target transited while we still owed answers " + next);
            }
            LoginStage nsg = LoginStage.fromCode(r.nextStage());
            if (nsg == LoginStage.FULL_FEATURE_PHASE) {
                return complete();
            }
            move(LoginState.OPERATIONAL_NEGOTIATION);
            currentStage = LoginStage.LOGIN_OPERATIONAL_NEGOTIATION;
            List<KeyValue> offer = new ArrayList<>(negotiator.offer());
            offer.addAll(negotiator.takeAnswers());
            return send(offer, true, LoginStage.FULL_FEATURE_PHASE);
        }
        boolean mayTransit = securityStep == SecurityStep.DONE || securityStep == SecurityStep.CHAP_RESPONSE_SENT;
        return send(next, mayTransit, LoginStage.LOGIN_OPERATIONAL_NEGOTIATION);
    }

    private LoginStep operational(LoginMessages.Response r) throws LoginException {
        List<KeyValue> answers = negotiator.takeAnswers();
        if (r.transit()) {
            if (!answers.isEmpty()) {
                throw new LoginProtocolException("target transited to full feature phase while offering " + answers);
            }
            return complete();
        }
        // The target held back (T=0): answer what it offered and ask again to transit.
        return send(answers, true, LoginStage.FULL_FEATURE_PHASE);
    }

    private LoginStep complete() throws LoginException {
        if (tsih == 0) {
            throw new LoginProtocolException("final login response carries TSIH 0 (RFC 7143 §11.13.3)");
        }
        OperationalNegotiator.Result result = negotiator.result();
        move(LoginState.FULL_FEATURE_PHASE);
        LoginStep.LoginResult done = new LoginStep.LoginResult(result.session(), result.connection(), config.isid(),
                tsih, chapAlgorithm());
        LOG.log(Level.DEBUG, "login complete: {0}", done);
        return new LoginStep.Complete(done);
    }

    private LoginStep send(List<KeyValue> keys, boolean transit, LoginStage nextStage) throws TextFormatException {
        LOG.log(Level.DEBUG, "login -> {0}", keys);
        List<byte[]> chunks = KeyValueCodec.split(KeyValueCodec.encode(keys), segmentBytes);
        outgoing.addAll(chunks);
        finalTransit = transit;
        finalNextStage = nextStage;
        return sendNextChunk();
    }

    private LoginStep sendNextChunk() {
        byte[] chunk = outgoing.removeFirst();
        boolean last = outgoing.isEmpty();
        return emit(chunk, last && finalTransit, !last, finalNextStage);
    }

    private LoginStep emit(byte[] data, boolean transit, boolean continues, LoginStage nextStage) {
        lastSentTransit = transit;
        lastSentNextStage = nextStage;
        LoginMessages.Request req = new LoginMessages.Request(transit, continues, currentStage, nextStage,
                config.isid(), 0, config.cid(), data);
        LOG.log(Level.DEBUG, "login -> {0}", req);
        return new LoginStep.Send(req);
    }

    private void move(LoginState next) {
        state.checkTransition(next);
        state = next;
    }
}
