package ai.honeyhive.langchain4j.internal.chat;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_CONVERSATION_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OUTPUT_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_PROVIDER_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_FREQUENCY_PENALTY;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_MAX_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_MODEL;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_PRESENCE_PENALTY;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_STOP_SEQUENCES;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_STREAM;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_TEMPERATURE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_TOP_K;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_TOP_P;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_RESPONSE_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_RESPONSE_MODEL;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_DEFINITIONS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_TIME_TO_FIRST_TOKEN_MS;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.Operations;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.InternalFailures;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.ToolSpans;
import ai.honeyhive.langchain4j.internal.content.ChatContentWriter;
import ai.honeyhive.langchain4j.internal.content.ContentFilter;
import ai.honeyhive.langchain4j.internal.content.MessageContent;
import ai.honeyhive.langchain4j.internal.export.LateAttributes;
import ai.honeyhive.langchain4j.internal.providers.OpenAiDetails;
import ai.honeyhive.langchain4j.internal.providers.ProviderDetails;
import ai.honeyhive.langchain4j.internal.providers.ProviderNames;
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
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;

/**
 * One CLIENT span per chat-model call, blocking or streaming.
 *
 * <p>The span travels from {@code onRequest} to {@code onResponse}/{@code onError} in the call's
 * attributes map, never in a {@code Scope}: for streaming, the second callback runs on another
 * thread. {@code Map.remove} hands the span to exactly one of them, so it ends exactly once.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class HoneyHiveChatModelListener implements ChatModelListener {

  /** Private identity key: no other listener can read or clobber our entry. */
  private static final Object SPAN_KEY = new Object();
  /** The parent context of the call, kept for tool spans rebuilt from the conversation (before 1.11). */
  private static final Object PARENT_KEY = new Object();

  private final Instrumentation instrumentation;
  private final boolean captureContent;
  private final InternalFailures failures;

  /**
   * Where content goes when the tracer owns the export: written on the batch thread, not on the
   * caller's. Null with a user's SDK, whose exporters we do not control: content is then written
   * on the span during the call.
   */
  private final LateAttributes late;

  public HoneyHiveChatModelListener(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    this.captureContent = instrumentation.captureContent;
    this.failures = instrumentation.failures;
    this.late = instrumentation.late;
  }

  /**
   * The call's content, just before its span ends. With a user's SDK the inputs are already on
   * the span and the output is written now. With ours, both are handed to the export, unless it
   * is full, the span will not be exported, or a text is so long that it is recorded cut: then
   * the cut copies are written now, rather than the whole text kept until export.
   */
  private void content(Span span, ChatRequest request, ChatResponse response) {
    if (late == null) {
      ChatContentWriter.output(span::setAttribute, response, instrumentation.content, failures);
      return;
    }
    SpanContext context = span.getSpanContext();
    if (!context.isSampled() || !span.isRecording()) {
      return;
    }
    boolean holdable =
        !MessageContent.hasTextLongerThan(
            request == null ? null : request.messages(),
            response == null ? null : response.aiMessage(),
            ContentFilter.MAX_CONTENT_LENGTH);
    if (!holdable
        || !late.defer(context, new ChatContentWriter(request, response, instrumentation.content, failures))) {
      ChatContentWriter.input(span::setAttribute, request, instrumentation.content, failures);
      ChatContentWriter.output(span::setAttribute, response, instrumentation.content, failures);
    }
  }

  @Override
  public void onRequest(ChatModelRequestContext requestContext) {
    try {
      ChatRequest request = requestContext.chatRequest();
      ChatRequestParameters parameters = request.parameters();
      String model = parameters == null ? null : parameters.modelName();
      Context parent = instrumentation.parentOfModelCall(request.messages());
      ToolSpans.FromConversation tools = instrumentation.conversationTools;
      if (tools != null) {
        // LangChain4j before 1.11: the tools this request reports on ran just now; their spans end here.
        tools.requested(request.messages());
        requestContext.attributes().put(PARENT_KEY, parent);
      }

      SpanBuilder builder =
          instrumentation
              .spanBuilder(
                  spanName(model),
                  SpanKind.CLIENT,
                  parent,
                  EventTypes.MODEL)
              .setAttribute(GEN_AI_OPERATION_NAME, Operations.CHAT)
              .setAttribute(GEN_AI_PROVIDER_NAME, ProviderNames.of(requestContext.modelProvider()));
      if (model != null) {
        builder.setAttribute(GEN_AI_REQUEST_MODEL, model);
      }
      if (parameters != null) {
        requestParameters(builder, parameters);
      }

      String conversationId = parent.get(Instrumentation.CONVERSATION_ID);
      if (conversationId != null) {
        builder.setAttribute(GEN_AI_CONVERSATION_ID, conversationId);
      }
      Object timing = requestContext.attributes().get(TracingStreamingChatModel.StreamTiming.KEY);
      if (timing == null && !LangChain4jFeatures.CHAT_REQUEST_OPTIONS) {
        // Before LangChain4j 1.13 the streaming decorator hands its timing over on this thread.
        timing = TracingStreamingChatModel.StreamTiming.takePending();
        if (timing != null) {
          requestContext.attributes().put(TracingStreamingChatModel.StreamTiming.KEY, timing);
        }
      }
      boolean streaming = timing instanceof TracingStreamingChatModel.StreamTiming;
      if (streaming) {
        builder.setAttribute(GEN_AI_REQUEST_STREAM, true);
      }

      if (captureContent && late == null) {
        // On the builder, before start: no per-attribute lock on the span. A failure here costs
        // the content, never the span.
        ChatContentWriter.input(builder::setAttribute, request, instrumentation.content, failures);
      }
      Span span = builder.startSpan();
      if (streaming) {
        // After the span's start, so that the time to first chunk never exceeds the span's length.
        ((TracingStreamingChatModel.StreamTiming) timing).startNanos = System.nanoTime();
      }
      requestContext.attributes().put(SPAN_KEY, span);
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
      Object timing = responseContext.attributes().get(TracingStreamingChatModel.StreamTiming.KEY);
      if (timing instanceof TracingStreamingChatModel.StreamTiming) {
        double ttfc = ((TracingStreamingChatModel.StreamTiming) timing).timeToFirstChunkSeconds();
        if (ttfc >= 0) {
          span.setAttribute(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, ttfc);
          span.setAttribute(HONEYHIVE_TIME_TO_FIRST_TOKEN_MS, ttfc * 1000.0);
        }
      }
      ChatResponse response = responseContext.chatResponse();
      if (response != null) {
        responseAttributes(span, response.metadata());
      }
      if (captureContent) {
        content(span, responseContext.chatRequest(), response);
      }
    } catch (Throwable t) {
      failures.record("ChatModelListener.onResponse", t);
    } finally {
      span.end();
    }
    ToolSpans.FromConversation tools = instrumentation.conversationTools;
    if (tools != null) {
      // LangChain4j before 1.11: the tools this answer asks for start now, after its span.
      try {
        ChatResponse response = responseContext.chatResponse();
        Object parent = responseContext.attributes().get(PARENT_KEY);
        tools.answered(
            response == null ? null : response.aiMessage(),
            parent instanceof Context ? (Context) parent : Context.current());
      } catch (Throwable t) {
        failures.record("tool spans from the conversation", t);
      }
    }
  }

  @Override
  public void onError(ChatModelErrorContext errorContext) {
    Span span = take(errorContext.attributes());
    if (span == null) {
      return;
    }
    try {
      Instrumentation.recordError(span, errorContext.error());
      if (captureContent) {
        content(span, errorContext.chatRequest(), null);
      }
    } catch (Throwable t) {
      failures.record("ChatModelListener.onError", t);
    } finally {
      span.end();
    }
  }

  /** {@code gen_ai.response.finish_reasons} per {@link FinishReason}, built once. */
  @SuppressWarnings("unchecked")
  private static final List<String>[] FINISH_REASONS =
      (List<String>[]) new List<?>[FinishReason.values().length];

  static {
    for (FinishReason reason : FinishReason.values()) {
      FINISH_REASONS[reason.ordinal()] = List.of(MessageContent.finishReason(reason));
    }
  }

  /**
   * The last span name built, with its model: an application mostly calls one model per listener,
   * so {@code "chat " + model} is built once rather than per call. One immutable pair, published
   * through a plain field: a stale read only costs a rebuild.
   */
  private NamedModel lastName = new NamedModel("", Operations.CHAT);

  private static final class NamedModel {
    final String model;
    final String spanName;

    NamedModel(String model, String spanName) {
      this.model = model;
      this.spanName = spanName;
    }
  }

  private String spanName(String model) {
    if (model == null) {
      return Operations.CHAT;
    }
    NamedModel last = lastName;
    if (last.model.equals(model)) {
      return last.spanName;
    }
    NamedModel named = new NamedModel(model, Operations.CHAT + ' ' + model);
    lastName = named;
    return named.spanName;
  }

  private Span take(Map<Object, Object> attributes) {
    return instrumentation.take(attributes, SPAN_KEY);
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
    if (LangChain4jFeatures.OPENAI) {
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
      span.setAttribute(GEN_AI_RESPONSE_FINISH_REASONS, FINISH_REASONS[metadata.finishReason().ordinal()]);
    }
    TokenUsage usage = metadata.tokenUsage();
    if (usage != null) {
      if (usage.inputTokenCount() != null) {
        span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokenCount().longValue());
      }
      if (usage.outputTokenCount() != null) {
        span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokenCount().longValue());
      }
      ProviderDetails.usage(span, usage);
    }
  }
}
