package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SDK the tracer creates for itself (export swapped for memory). */
class OwnSdkTest {

  @Test
  void aLongConversationKeepsEveryMessageOnTheSpan() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    HoneyHiveTracer tracer = OwnSdk.tracer(HoneyHiveExport.create(memory, "svc"), "s", "p");
    List<ChatMessage> conversation = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      conversation.add(i % 2 == 0 ? UserMessage.from("question " + i) : AiMessage.from("answer " + i));
    }

    new FixedChatModel(ModelProvider.OPEN_AI, FixedChatModel::echo, tracer.chatModelListener())
        .chat(conversation);
    assertThat(tracer.flush()).isTrue();

    List<SpanData> spans = memory.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    SpanData span = spans.get(0);
    assertThat(span.getTotalAttributeCount()).isEqualTo(span.getAttributes().size());
    assertThat(span.getAttributes().get(AttributeKey.stringKey("honeyhive_inputs.chat_history.149.content")))
        .isEqualTo("answer 149");
    tracer.close();
  }
}
