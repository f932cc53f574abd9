package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.HoneyHiveAttributes.ERROR_TYPE;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_OUTPUT_TYPE;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_PROVIDER_NAME;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_FREQUENCY_PENALTY;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_MAX_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_MODEL;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_PRESENCE_PENALTY;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_STOP_SEQUENCES;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_TEMPERATURE;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_TOP_K;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_REQUEST_TOP_P;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_RESPONSE_ID;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_RESPONSE_MODEL;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_TOOL_DEFINITIONS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_ERROR;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_EVENT_TYPE;

import ai.honeyhive.langchain4j.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.HoneyHiveAttributes.Operations;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;

/**
 * One CLIENT span per chat-model call, blocking or streaming.
 *
 * <p>The span travels from {@code onRequest} to {@code onResponse}/{@code onError} in the call's
 * attributes map, never in a {@code Scope}: for streaming, the second callback runs on another
 * thread. {@code Map.remove} hands the span to exactly one of them, so it ends exactly once.
 */
final class HoneyHiveChatModelListener implements ChatModelListener {

  /** Private identity key: no other listener can read or clobber our entry. */
  private static final Object SPAN_KEY = new Object();

  private final Tracer tracer;
  private final SessionAttributes session;
  private final boolean captureContent;
  private final InternalFailures failures;
  private final Enricher enricher;
  private final SessionEnrichments sessionEnrichments;

  HoneyHiveChatModelListener(
      Tracer tracer,
      SessionAttributes session,
      boolean captureContent,
      InternalFailures failures,
      Enricher enricher,
      SessionEnrichments sessionEnrichments) {
    this.tracer = tracer;
    this.session = session;
    this.captureContent = captureContent;
    this.failures = failures;
    this.enricher = enricher;
    this.sessionEnrichments = sessionEnrichments;
  }

  @Override
  public void onRequest(ChatModelRequestContext requestContext) {
    try {
      ChatRequest request = requestContext.chatRequest();
      ChatRequestParameters parameters = request.parameters();
      String model = parameters == null ? null : parameters.modelName();
      Context parent = Context.current();

      SpanBuilder builder =
          tracer
              .spanBuilder(model == null ? Operations.CHAT : Operations.CHAT + ' ' + model)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(parent)
              .setAttribute(GEN_AI_OPERATION_NAME, Operations.CHAT)
              .setAttribute(GEN_AI_PROVIDER_NAME, ProviderNames.of(requestContext.modelProvider()))
              .setAttribute(HONEYHIVE_EVENT_TYPE, EventTypes.MODEL);
      if (model != null) {
        builder.setAttribute(GEN_AI_REQUEST_MODEL, model);
      }
      if (parameters != null) {
        requestParameters(builder, parameters);
      }
      enrich(builder, parent);

      Span span = builder.startSpan();
      requestContext.attributes().put(SPAN_KEY, span);
      if (captureContent) {
        MessageContent.recordInput(
            span, request.messages(), parameters == null ? null : parameters.toolSpecifications());
      }
    } catch (Throwable t) {
      failures.record("ChatModelListener.onRequest", t);
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext responseContext) {
    Span span = take(responseContext.attributes());
    if (span == null) {
      return;
    }
    try {
      ChatResponse response = responseContext.chatResponse();
      if (response != null) {
        responseAttributes(span, response.metadata());
        if (captureContent) {
          MessageContent.recordOutput(span, response.aiMessage(), response.metadata() == null ? null : response.metadata().finishReason());
        }
      }
    } catch (Throwable t) {
      failures.record("ChatModelListener.onResponse", t);
    } finally {
      span.end();
    }
  }

  @Override
  public void onError(ChatModelErrorContext errorContext) {
    Span span = take(errorContext.attributes());
    if (span == null) {
      return;
    }
    try {
      Throwable error = errorContext.error();
      if (error != null) {
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
        span.setAttribute(
            HONEYHIVE_ERROR, error.getMessage() != null ? error.getMessage() : error.getClass().getName());
        span.recordException(error);
      } else {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE, "_OTHER");
      }
    } catch (Throwable t) {
      failures.record("ChatModelListener.onError", t);
    } finally {
      span.end();
    }
  }

  /**
   * Session attributes, then the session's own enrichment, then enrichment that came in baggage,
   * then the request's: later wins, key by key.
   */
  private void enrich(SpanBuilder builder, Context parent) {
    Baggage baggage = Baggage.fromContextOrNull(parent);
    String sessionId = session.apply(builder, baggage);
    EnrichmentContext request = EnrichmentContext.fromContextOrNull(parent);
    EnrichmentContext sessionLevel = sessionEnrichments.get(sessionId);
    EnrichmentContext effective =
        sessionLevel == null ? request : sessionLevel.mergedWith(request);
    if (baggage != null && !baggage.isEmpty()) {
      enricher.applyBaggage(builder, baggage, effective);
    }
    if (effective != null) {
      enricher.apply(builder, effective);
    }
  }

  private Span take(Map<Object, Object> attributes) {
    try {
      Object span = attributes.remove(SPAN_KEY);
      return span instanceof Span ? (Span) span : null;
    } catch (Throwable t) {
      failures.record("ChatModelListener.take", t);
      return null;
    }
  }

  private void requestParameters(SpanBuilder builder, ChatRequestParameters p) throws Exception {
    if (p.temperature() != null) {
      builder.setAttribute(GEN_AI_REQUEST_TEMPERATURE, p.temperature());
    }
    if (p.topP() != null) {
      builder.setAttribute(GEN_AI_REQUEST_TOP_P, p.topP());
    }
    if (p.topK() != null) {
      builder.setAttribute(GEN_AI_REQUEST_TOP_K, p.topK().doubleValue());
    }
    boolean maxTokensSet = p.maxOutputTokens() != null;
    if (maxTokensSet) {
      builder.setAttribute(GEN_AI_REQUEST_MAX_TOKENS, p.maxOutputTokens().longValue());
    }
    if (p.frequencyPenalty() != null) {
      builder.setAttribute(GEN_AI_REQUEST_FREQUENCY_PENALTY, p.frequencyPenalty());
    }
    if (p.presencePenalty() != null) {
      builder.setAttribute(GEN_AI_REQUEST_PRESENCE_PENALTY, p.presencePenalty());
    }
    List<String> stop = p.stopSequences();
    if (stop != null && !stop.isEmpty()) {
      builder.setAttribute(GEN_AI_REQUEST_STOP_SEQUENCES, stop);
    }
    ResponseFormat format = p.responseFormat();
    if (format != null && format.type() != null) {
      builder.setAttribute(
          GEN_AI_OUTPUT_TYPE, format.type() == ResponseFormatType.JSON ? "json" : "text");
    }
    if (!captureContent && p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
      // Tool names are not content; with content on, full definitions are written with the messages.
      builder.setAttribute(
          GEN_AI_TOOL_DEFINITIONS, MessageContent.toolDefinitionsJson(p.toolSpecifications(), false));
    }
    if (OptionalModules.OPENAI) {
      OpenAiDetails.request(builder, p, maxTokensSet);
    }
  }

  private static void responseAttributes(Span span, ChatResponseMetadata metadata) {
    if (metadata == null) {
      return;
    }
    if (metadata.id() != null) {
      span.setAttribute(GEN_AI_RESPONSE_ID, metadata.id());
    }
    if (metadata.modelName() != null) {
      span.setAttribute(GEN_AI_RESPONSE_MODEL, metadata.modelName());
    }
    if (metadata.finishReason() != null) {
      span.setAttribute(
          GEN_AI_RESPONSE_FINISH_REASONS, List.of(MessageContent.finishReason(metadata.finishReason())));
    }
    TokenUsage usage = metadata.tokenUsage();
    if (usage != null) {
      if (usage.inputTokenCount() != null) {
        span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokenCount().longValue());
      }
      if (usage.outputTokenCount() != null) {
        span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokenCount().longValue());
      }
      if (OptionalModules.OPENAI) {
        OpenAiDetails.usage(span, usage);
      }
    }
  }
}
