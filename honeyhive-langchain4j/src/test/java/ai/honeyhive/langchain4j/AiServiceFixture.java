package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.rag.RagTelemetry;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real AI service: OpenAI chat and embedding models on WireMock, a weather tool, a retriever over
 * an in-memory embedding store, chat memory per memory id, and an output guardrail; everything
 * registered with the tracer the way the docs tell users to.
 */
final class AiServiceFixture {

  interface Assistant {
    String chat(@MemoryId String conversation, @UserMessage String message);

    Result<String> chatWithResult(@MemoryId String conversation, @UserMessage String message);

    TokenStream stream(@MemoryId String conversation, @UserMessage String message);
  }

  static final class WeatherTools {
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean fail;

    final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Tool(name = "get_weather", value = "Current weather in a city")
    String getWeather(@P("city") String city, @P("unit") String unit) {
      calls.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      if (fail) {
        throw new IllegalStateException("weather service down");
      }
      return "18 degrees " + unit + ", sunny in " + city;
    }
  }

  /** Passes, or fails fatally when told to. */
  static final class AnswerGuardrail implements OutputGuardrail {
    volatile boolean reject;

    @Override
    public OutputGuardrailResult validate(AiMessage responseFromLLM) {
      return reject ? fatal("answer rejected by policy") : success();
    }
  }

  final WeatherTools tools = new WeatherTools();
  final AnswerGuardrail guardrail = new AnswerGuardrail();
  final Assistant raw;
  final Assistant traced;

  AiServiceFixture(HoneyHiveTracer tracer, String openAiBaseUrl) {
    this(tracer, openAiBaseUrl, false);
  }

  AiServiceFixture(HoneyHiveTracer tracer, String openAiBaseUrl, boolean concurrentTools) {
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    store.add("doc-paris", Embedding.from(new float[] {1, 0, 0}), TextSegment.from("Paris is the capital of France."));
    store.add("doc-berlin", Embedding.from(new float[] {0, 1, 0}), TextSegment.from("Berlin is the capital of Germany."));
    EmbeddingStore<TextSegment> tracedStore = store.addListener(RagTelemetry.create(tracer).embeddingStoreListener());
    EmbeddingModel embeddings =
        OpenAiEmbeddingModel.builder()
            .baseUrl(openAiBaseUrl + "/v1")
            .apiKey("sk-test-not-a-real-key")
            .modelName("text-embedding-3-small")
            .maxRetries(0)
            .build()
            .addListener(RagTelemetry.create(tracer).embeddingModelListener());
    ContentRetriever retriever =
        EmbeddingStoreContentRetriever.builder()
            .embeddingStore(tracedStore)
            .embeddingModel(embeddings)
            .maxResults(2)
            .minScore(0.0)
            .build()
            .addListener(RagTelemetry.create(tracer).contentRetrieverListener());
    AiServices<Assistant> builder = tracer.configure(AiServices.builder(Assistant.class));
    if (concurrentTools) {
      builder.executeToolsConcurrently();
    }
    raw =
        builder
            .chatModel(TestModels.blocking(openAiBaseUrl, tracer.chatModelListener()))
            .streamingChatModel(TestModels.streaming(openAiBaseUrl, tracer.chatModelListener()))
            .tools(tools)
            .contentRetriever(retriever)
            .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
            .outputGuardrails(guardrail)
            .build();
    traced = tracer.decorate(Assistant.class, raw);
  }
}
