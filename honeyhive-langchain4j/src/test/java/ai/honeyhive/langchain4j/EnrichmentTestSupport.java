package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.internal.Namespace;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.TreeMap;

/** Helpers shared by the enrichment tests. */
final class EnrichmentTestSupport {

  static FixedChatModel model(HoneyHiveTracer tracer) {
    return new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener());
  }

  static ChatRequest request(String text) {
    return ChatRequest.builder()
        .messages(UserMessage.from(text))
        .parameters(ChatRequestParameters.builder().modelName("m").build())
        .build();
  }

  /** The span's enrichment attributes only (honeyhive_metadata.*, ...), sorted by name. */
  static Map<String, Object> enrichment(SpanData span) {
    return enrichment(span.getAttributes());
  }

  static Map<String, Object> enrichment(Attributes attributes) {
    Map<String, Object> out = new TreeMap<>();
    attributes.forEach(
        (AttributeKey<?> k, Object v) -> {
          if (Namespace.ofAttribute(k.getKey()) != null) {
            out.put(k.getKey(), v);
          }
        });
    return out;
  }

  private EnrichmentTestSupport() {}
}
