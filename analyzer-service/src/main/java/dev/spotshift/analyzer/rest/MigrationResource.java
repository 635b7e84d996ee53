package dev.spotshift.analyzer.rest;
import dev.spotshift.analyzer.LivePlanDirectory;
import dev.spotshift.analyzer.SubmissionLedger;
import dev.spotshift.analyzer.config.IntakeSettings;

import dev.spotshift.analyzer.domain.IdempotencyKeys;
import dev.spotshift.analyzer.domain.LivePlans;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.EventMeters;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.RestAccess;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanIds;
import dev.spotshift.schemas.plan.Submission;
import dev.spotshift.schemas.plan.PlanParser;
import dev.spotshift.schemas.rest.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/migrations}: a plan file (YAML or JSON) in, one MigrationPlanSubmitted per
 * workload out, 202 with the planIds. The Idempotency-Key header (or the file's {@code id:})
 * makes a resubmission answer with the same planIds and publish nothing. A plan naming a group (or
 * instances) that a live plan drives is refused with 409 naming that plan, when the directory knows it
 * already; otherwise the analyzer's consumer rejects it on spot-assessments. Only a bearer token with the
 * {@link RestAccess#SUBMIT} role may submit; its subject is recorded as the submitter.
 */
@Path("/api/v1/migrations")
@Tag(name = "migrations", description = "Plan intake: a plan file in, one migration per workload out")
public class MigrationResource {

    private static final Logger LOG = Logger.getLogger(MigrationResource.class);
    private static final String INSTANCE = IntakeSettings.PATH;

    public record Migration(String planId, String workload, String watch) {}

    public record Accepted(String planName, String idempotencyKey, boolean duplicate, List<Migration> migrations,
                           String assessmentsTopic, String statusTopic) {}

    private final Emitter<Record<String, MigrationPlanSubmitted>> submissions;
    private final SubmissionLedger ledger;
    private final LivePlanDirectory directory;
    private final RateLimit rateLimit;
    private final IntakeSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String producer;
    private final JsonWebToken token;

    public MigrationResource(@Channel("submissions") Emitter<Record<String, MigrationPlanSubmitted>> submissions,
                             SubmissionLedger ledger, LivePlanDirectory directory, RateLimit rateLimit, IntakeSettings settings,
                             Clock clock, MeterRegistry meters, JsonWebToken token,
                             @ConfigProperty(name = "quarkus.application.name") String name,
                             @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        this.submissions = submissions;
        this.ledger = ledger;
        this.directory = directory;
        this.rateLimit = rateLimit;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.token = token;
        this.producer = name + "/" + version;
    }

    @POST
    @RolesAllowed(RestAccess.SUBMIT)
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Submit a migration plan",
            description = "A plan file (YAML or JSON, the shape of examples/) in; one MigrationPlanSubmitted per workload "
                    + "on migration-plans. Errors are RFC 9457 problems (application/problem+json), each plan error "
                    + "located by path, line and column.")
    @RequestBody(required = true, description = "The plan file",
            content = @Content(mediaType = "application/yaml", schema = @Schema(type = SchemaType.STRING)))
    @Parameter(name = "Idempotency-Key", description = "Makes a resubmission answer with the same planIds and publish nothing")
    @APIResponse(responseCode = "202", description = "Recorded: the planIds, and where to watch them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "401", description = "urn:spotshift:problem:unauthenticated: no bearer token, or one "
            + "the configured issuer did not sign or that has expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "urn:spotshift:problem:forbidden: the token lacks the "
            + RestAccess.SUBMIT + " role", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflict: urn:spotshift:problem:idempotency-key-reused (the key "
            + "names another plan), urn:spotshift:problem:request-in-progress (a request with this key is being recorded), "
            + "urn:spotshift:problem:group-has-live-plan (a live plan already drives this capacity)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "urn:spotshift:problem:plan-too-large: the body is over the record limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "urn:spotshift:problem:invalid-plan: every error located (path, line, column)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "urn:spotshift:problem:rate-limited: this caller's quota is spent",
            headers = {@Header(name = "Retry-After", description = "Seconds until the quota resets"),
                    @Header(name = "RateLimit", description = "IETF RateLimit fields"),
                    @Header(name = "RateLimit-Policy", description = "IETF RateLimit-Policy fields")},
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "urn:spotshift:problem:broker-unavailable: the broker did not "
            + "acknowledge in time; nothing will be published later",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@Parameter(hidden = true) byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @HeaderParam("X-Plan-Source") String planSource,
                           @HeaderParam("traceparent") String traceparent, @Context SecurityContext security,
                           @Context HttpServerRequest request) {
        // Who submits is who signed in: a header the caller writes itself is no identity.
        String submittedBy = token.getSubject() != null ? token.getSubject() : security.getUserPrincipal().getName();
        RateLimit.Decision quota = rateLimit.take(Callers.of(security, request));
        if (!quota.allowed()) {
            return rateLimit.headers(Problem.of("rate-limited", "Too many submissions", 429,
                    "this caller's quota is spent; try again in " + quota.resetSeconds() + " s", INSTANCE).response(), quota)
                    .header("Retry-After", quota.resetSeconds()).build();
        }
        // Bytes, as the producer counts them: the body limit is what one record may carry.
        ParsedPlans parsed = PlanParser.parse(body, settings.maxBodyBytes());
        if (!parsed.valid()) {
            Problem problem = parsed.errors().size() == 1 && parsed.errors().get(0).code().equals("PLAN_TOO_LARGE")
                    ? Problem.tooLarge(parsed.errors().get(0), INSTANCE) : Problem.invalidPlan(parsed, INSTANCE);
            return rateLimit.headers(problem.response(), quota).build();
        }
        String key = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey.trim() : parsed.documentId();
        List<String> planIds = parsed.plans().stream()
                .map(p -> PlanIds.planId(key, parsed.planName(), p.getWorkload().getName())).toList();

        boolean duplicate = false;
        if (key != null) {
            IdempotencyKeys.Claim claim = ledger.claim(key, planIds, parsed.plans());
            if (claim instanceof IdempotencyKeys.Claim.Conflict c) {
                return rateLimit.headers(Problem.of("idempotency-key-reused", "Idempotency-Key already used for another plan", 409,
                        "key '" + key + "' named " + c.planIds() + " with different content; use a new key", INSTANCE).response(), quota).build();
            }
            if (claim instanceof IdempotencyKeys.Claim.Pending p) {
                // Not "done" yet: the first request's events are not acknowledged, and may never be.
                return rateLimit.headers(Problem.of("request-in-progress", "A request with this Idempotency-Key is being recorded", 409,
                        "plans " + p.planIds() + " are being published; retry with the same key", INSTANCE).response(), quota)
                        .header("Retry-After", 1).build();
            }
            duplicate = claim instanceof IdempotencyKeys.Claim.Repeat;
            if (claim instanceof IdempotencyKeys.Claim.Repeat r) {
                planIds = r.planIds();
            }
        }
        if (!duplicate) {
            Optional<LivePlans.Holder> held = liveHolder(planIds, parsed.plans());
            if (held.isPresent()) {
                if (key != null) {
                    ledger.release(key);
                }
                return rateLimit.headers(Problem.of("group-has-live-plan", "A live plan already drives this capacity", 409,
                        LivePlans.describe(held.get()), INSTANCE).response(), quota).build();
            }
            try {
                publish(dev.spotshift.schemas.plan.Waves.link(parsed.plans(), planIds), planIds, key, submittedBy, planSource, traceOf(traceparent));
            } catch (Exception e) {
                if (key != null) {
                    ledger.release(key);
                }
                LOG.warnf(e, "could not publish plan %s", parsed.planName());
                // The producer gave the records up before this answer (IntakeSettings): none is published later.
                return rateLimit.headers(Problem.of("broker-unavailable", "The plan could not be recorded", 503,
                        "the broker did not acknowledge the plan in time, and it will not be published after this answer; retry with the same Idempotency-Key", INSTANCE).response(), quota)
                        .build();
            }
            if (key != null) {
                ledger.recorded(key);
            }
        }
        List<Migration> migrations = new ArrayList<>();
        for (int i = 0; i < planIds.size(); i++) {
            migrations.add(new Migration(planIds.get(i), parsed.plans().get(Math.min(i, parsed.plans().size() - 1)).getWorkload().getName(),
                    "spotshift watch " + planIds.get(i)));
        }
        Accepted accepted = new Accepted(parsed.planName(), key, duplicate, migrations,
                Topics.SPOT_ASSESSMENTS.name(), Topics.MIGRATION_STATUS.name());
        return rateLimit.headers(Response.accepted(accepted).type(MediaType.APPLICATION_JSON), quota).build();
    }

    /**
     * The live plan holding what one of the plans names, as far as the directory knows now. Advisory: if
     * the directory cannot be read the plans are published and the analyzer's consumer decides.
     */
    private Optional<LivePlans.Holder> liveHolder(List<String> planIds, List<MigrationPlan> plans) {
        try {
            directory.catchUp();
        } catch (RuntimeException e) {
            LOG.debugf("live-plan directory not readable now (%s); the consumer will judge", e.getMessage());
            return Optional.empty();
        }
        for (int i = 0; i < plans.size(); i++) {
            Optional<LivePlans.Holder> h = directory.holder(planIds.get(i), plans.get(i));
            if (h.isPresent()) {
                return h;
            }
        }
        return Optional.empty();
    }

    /** Waits for the broker's acknowledgement of every event: a 202 means the plans are on the log. */
    private void publish(List<MigrationPlan> plans, List<String> planIds, String key, String submittedBy, String planSource,
                         String traceparent) throws Exception {
        Submission submission = new Submission(key, submittedBy, SubmissionChannel.REST, planSource, producer);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            MigrationPlanSubmitted event = submission.event(planIds.get(i), plans.get(i), traceparent, clock);
            acks.add(submissions.send(Record.of(planIds.get(i), event)).toCompletableFuture());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        meters.counter(EventMeters.OUT, EventMeters.TOPIC, Topics.MIGRATION_PLANS.name(),
                EventMeters.TYPE, "MigrationPlanSubmitted").increment(plans.size());
    }

    /**
     * The caller's trace, so one trace spans the HTTP request and every event of the plan: the
     * {@code traceparent} header, else the request's span when OpenTelemetry is exporting, else none
     * (the envelope starts a new trace).
     */
    private static String traceOf(String header) {
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-01" : null;
    }
}
