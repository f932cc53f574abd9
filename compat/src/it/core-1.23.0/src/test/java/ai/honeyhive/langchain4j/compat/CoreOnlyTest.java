package ai.honeyhive.langchain4j.compat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.EnrichmentContext;
import ai.honeyhive.langchain4j.HoneyHiveTracer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * langchain4j-core 1.23.0 without the langchain4j module: the tracer builds and traces chat calls,
 * and {@code ChatModel.chatAsync} (core 1.20 and later) gets its chat span, parented to the caller,
 * although the model answers on another thread.
 */
class CoreOnlyTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final ExecutorService modelThreads = Executors.newSingleThreadExecutor();

  @AfterAll
  static void stop() {
    modelThreads.shutdownNow();
  }

  /** A model that answers on its own thread, as an asynchronous provider client does. */
  static final class AsyncModel implements ChatModel {
    private final List<ChatModelListener> listeners;

    AsyncModel(ChatModelListener listener) {
      this.listeners = List.of(listener);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      return ChatResponse.builder()
          .aiMessage(AiMessage.from("Paris."))
          .modelName("async-model-1")
          .tokenUsage(new TokenUsage(7, 2))
          .build();
    }

    @Override
    public CompletableFuture<ChatResponse> doChatAsync(ChatRequest request) {
      return CompletableFuture.supplyAsync(() -> doChat(request), modelThreads);
    }

    @Override
    public List<ChatModelListener> listeners() {
      return listeners;
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OTHER;
    }
  }

  @Test
  void theApplicationRunsCore123WithoutTheAiServicesModule() throws Exception {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/maven/dev.langchain4j/langchain4j-core/pom.properties")) {
      Properties p = new Properties();
      p.load(in);
      assertThat(p.getProperty("version")).isEqualTo("1.23.0");
    }
    assertThat(getClass().getClassLoader().getResource("dev/langchain4j/service/AiServices.class")).isNull();
  }

  @Test
  void anAsynchronousCallGetsItsChatSpanUnderTheCallersSpan() throws Exception {
    HoneyHiveTracer tracer = HoneyHiveTracer.builder().openTelemetry(otel.getOpenTelemetry()).build();
    ChatModel model = new AsyncModel(tracer.chatModelListener());
    EnrichmentContext enrichment = EnrichmentContext.builder().userProperty("user_id", "u-9").build();
    Span caller = otel.getOpenTelemetry().getTracer("app").spanBuilder("request").startSpan();

    CompletableFuture<ChatResponse> answer;
    try (Scope a = caller.makeCurrent();
        Scope b = enrichment.makeCurrent()) {
      answer = model.chatAsync(ChatRequest.builder().messages(UserMessage.from("Capital of France?")).build());
    }
    assertThat(answer.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Paris.");
    caller.end();

    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(2);
    SpanData chat = spans.stream().filter(s -> s.getName().startsWith("chat")).findFirst().orElseThrow();
    assertThat(chat.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("async-model-1");
    assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(7L);
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("honeyhive_outputs.content"))).isEqualTo("Paris.");
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("honeyhive_user_properties.user_id"))).isEqualTo("u-9");
  }
}
