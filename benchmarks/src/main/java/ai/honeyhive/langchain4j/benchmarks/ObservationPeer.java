package ai.honeyhive.langchain4j.benchmarks;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;

/**
 * A stand-in for the peer, written by us for this benchmark: LangChain4j's {@code
 * langchain4j-observation} listener is not served by the Maven Central this project builds from,
 * so this rebuilds what its published source does per call, with the same libraries, and bridges
 * it to OpenTelemetry as a Spring Boot application would (Micrometer Tracing's OTel bridge for
 * spans, Micrometer's meter handler for the duration timer).
 *
 * <p>Per call: an {@link Observation} named {@code gen_ai.client.operation.duration}, contextual
 * name {@code chat<model>}, opened as the current scope in {@code onRequest} and kept in the
 * call's attributes; low-cardinality key values operation, provider, request and response model,
 * outcome; high-cardinality input and output token counts; and a token-usage {@link
 * DistributionSummary} recorded twice (input, output) with four tags. It writes no session
 * attributes and no content: fewer attributes than ours.
 */
final class ObservationPeer implements ChatModelListener {

  private static final String SCOPE = "micrometer.observation.scope";
  private static final String UNKNOWN = "unknown";

  private final ObservationRegistry registry;
  private final MeterProvider<DistributionSummary> tokens;

  private ObservationPeer(ObservationRegistry registry, MeterRegistry meters) {
    this.registry = registry;
    this.tokens =
        DistributionSummary.builder("gen_ai.client.token.usage")
            .baseUnit("tokens")
            .tag("gen_ai.operation.name", "chat")
            .withRegistry(meters);
  }

  /** The peer, with its observations bridged to spans of {@code tracer}. */
  static ObservationPeer bridgedTo(Tracer tracer) {
    OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    OtelTracer bridge =
        new OtelTracer(tracer, current, event -> {}, new OtelBaggageManager(current, List.of(), List.of()));
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(meters))
        .observationHandler(new DefaultTracingObservationHandler(bridge));
    return new ObservationPeer(registry, meters);
  }

  /** What the observation carries between the callbacks. */
  static final class CallContext extends Observation.Context {
    final ChatModelRequestContext request;
    ChatModelResponseContext response;
    ChatModelErrorContext error;

    CallContext(ChatModelRequestContext request) {
      this.request = request;
    }

    String requestModel() {
      String model = request.chatRequest().parameters().modelName();
      return model == null ? UNKNOWN : model;
    }

    String responseModel() {
      ChatResponse r = response == null ? null : response.chatResponse();
      return r == null || r.metadata() == null || r.metadata().modelName() == null
          ? UNKNOWN
          : r.metadata().modelName();
    }

    TokenUsage usage() {
      ChatResponse r = response == null ? null : response.chatResponse();
      return r == null ? null : r.tokenUsage();
    }
  }

  /** Names and key values, computed from the context when the observation starts and stops. */
  static final class Convention implements ObservationConvention<CallContext> {
    @Override
    public String getName() {
      return "gen_ai.client.operation.duration";
    }

    @Override
    public String getContextualName(CallContext context) {
      return "chat" + context.requestModel();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(CallContext context) {
      return KeyValues.of(
          "gen_ai.operation.name", "chat",
          "gen_ai.provider.name", context.request.modelProvider() == null ? UNKNOWN : context.request.modelProvider().name(),
          "gen_ai.request.model", context.requestModel(),
          "gen_ai.response.model", context.responseModel(),
          "outcome", context.error == null ? "SUCCESS" : "ERROR");
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CallContext context) {
      TokenUsage usage = context.usage();
      KeyValues values = KeyValues.empty();
      if (usage != null && usage.outputTokenCount() != null) {
        values = values.and("gen_ai.usage.output_tokens", "" + usage.outputTokenCount());
      }
      if (usage != null && usage.inputTokenCount() != null) {
        values = values.and("gen_ai.usage.input_tokens", "" + usage.inputTokenCount());
      }
      return values;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return context instanceof CallContext;
    }
  }

  private static final Convention CONVENTION = new Convention();

  @Override
  public void onRequest(ChatModelRequestContext requestContext) {
    Observation observation =
        Observation.createNotStarted(CONVENTION, () -> new CallContext(requestContext), registry).start();
    requestContext.attributes().put(SCOPE, observation.openScope());
  }

  @Override
  public void onResponse(ChatModelResponseContext responseContext) {
    Observation.Scope scope = (Observation.Scope) responseContext.attributes().remove(SCOPE);
    if (scope == null) {
      return;
    }
    Observation observation = scope.getCurrentObservation();
    try {
      CallContext context = (CallContext) observation.getContext();
      context.response = responseContext;
      String provider =
          context.request.modelProvider() == null ? UNKNOWN : context.request.modelProvider().name();
      TokenUsage usage = context.usage();
      if (usage != null && usage.inputTokenCount() != null) {
        tokens
            .withTags(
                "gen_ai.provider.name", provider,
                "gen_ai.request.model", context.requestModel(),
                "gen_ai.response.model", context.responseModel(),
                "gen_ai.token.type", "input")
            .record(usage.inputTokenCount());
      }
      if (usage != null && usage.outputTokenCount() != null) {
        tokens
            .withTags(
                "gen_ai.provider.name", provider,
                "gen_ai.request.model", context.requestModel(),
                "gen_ai.response.model", context.responseModel(),
                "gen_ai.token.type", "output")
            .record(usage.outputTokenCount());
      }
    } finally {
      scope.close();
      observation.stop();
    }
  }

  @Override
  public void onError(ChatModelErrorContext errorContext) {
    Observation.Scope scope = (Observation.Scope) errorContext.attributes().remove(SCOPE);
    if (scope == null) {
      return;
    }
    Observation observation = scope.getCurrentObservation();
    try {
      ((CallContext) observation.getContext()).error = errorContext;
      observation.error(errorContext.error());
    } finally {
      scope.close();
      observation.stop();
    }
  }
}
