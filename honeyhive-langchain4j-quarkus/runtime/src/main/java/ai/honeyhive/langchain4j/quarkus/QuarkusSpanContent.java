package ai.honeyhive.langchain4j.quarkus;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_CALL_ARGUMENTS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_CALL_RESULT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_ERROR;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_ERROR_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_EVENT_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.content.Values;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Before HoneyHive's exporter, on HoneyHive's copy of each span only: Quarkus LangChain4j's tool
 * spans get their arguments and result as HoneyHive's inputs and outputs (or lose them when
 * content capture is off), and its AI-service and tool spans that recorded an exception get it as
 * HoneyHive's error, the field HoneyHive reads. The application's other exporters see the spans
 * as Quarkus wrote them.
 */
final class QuarkusSpanContent implements SpanExporter {

  private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

  private final SpanExporter delegate;
  private final Supplier<Instrumentation> instrumentation;

  QuarkusSpanContent(SpanExporter delegate, Supplier<Instrumentation> instrumentation) {
    this.delegate = delegate;
    this.instrumentation = instrumentation;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    Instrumentation i = instrumentation.get();
    if (i == null) {
      return delegate.export(spans);
    }
    List<SpanData> out = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      SpanData mapped = span;
      try {
        mapped = map(span, i);
      } catch (RuntimeException e) {
        i.failures.record("QuarkusSpanContent", e);
      }
      out.add(mapped);
    }
    return delegate.export(out);
  }

  private static SpanData map(SpanData span, Instrumentation i) {
    String type = span.getAttributes().get(HONEYHIVE_EVENT_TYPE);
    boolean tool = EventTypes.TOOL.equals(type) && span.getName().startsWith(HoneyHiveSpanProcessor.TOOL_PREFIX);
    boolean aiService = EventTypes.CHAIN.equals(type) && span.getName().startsWith(HoneyHiveSpanProcessor.AI_SERVICE_PREFIX);
    if (!tool && !aiService) {
      return span;
    }
    AttributesBuilder attributes = span.getAttributes().toBuilder();
    if (tool) {
      String arguments = span.getAttributes().get(GEN_AI_TOOL_CALL_ARGUMENTS);
      String result = span.getAttributes().get(GEN_AI_TOOL_CALL_RESULT);
      if (!i.captureContent) {
        attributes.remove(GEN_AI_TOOL_CALL_ARGUMENTS).remove(GEN_AI_TOOL_CALL_RESULT);
      } else {
        if (arguments != null) {
          attributes.put(GEN_AI_TOOL_CALL_ARGUMENTS, i.content.apply(arguments));
          Values.flattenJsonInto(AttributeWriter.to(attributes), HONEYHIVE_INPUTS_PREFIX, arguments, i.content);
        }
        if (result != null) {
          String recorded = i.content.apply(result);
          attributes.put(GEN_AI_TOOL_CALL_RESULT, recorded);
          attributes.put(HONEYHIVE_OUTPUTS_PREFIX + "result", i.content.apply(unquoted(result)));
        }
      }
    }
    if (span.getAttributes().get(HONEYHIVE_ERROR) == null) {
      for (EventData event : span.getEvents()) {
        if ("exception".equals(event.getName())) {
          String errorType = event.getAttributes().get(EXCEPTION_TYPE);
          String message = event.getAttributes().get(EXCEPTION_MESSAGE);
          attributes.put(HONEYHIVE_ERROR, message != null ? message : String.valueOf(errorType));
          if (errorType != null) {
            attributes.put(HONEYHIVE_ERROR_TYPE, errorType);
          }
          break;
        }
      }
    }
    Attributes mapped = attributes.build();
    int added = mapped.size() - span.getAttributes().size();
    return new DelegatingSpanData(span) {
      @Override
      public Attributes getAttributes() {
        return mapped;
      }

      @Override
      public int getTotalAttributeCount() {
        return Math.max(mapped.size(), span.getTotalAttributeCount() + added);
      }
    };
  }

  /**
   * Quarkus LangChain4j hands a tool's String result to the model as a JSON string; HoneyHive
   * shows what the tool returned.
   */
  static String unquoted(String result) {
    if (result.length() < 2 || result.charAt(0) != '"' || result.charAt(result.length() - 1) != '"') {
      return result;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(result);
      return node.isTextual() ? node.textValue() : result;
    } catch (java.io.IOException e) {
      return result;
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
