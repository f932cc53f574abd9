package ai.honeyhive.langchain4j.rag;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreListener;

/**
 * Entry point for tracing retrieval-augmented generation with a {@link HoneyHiveTracer}: content
 * retrievers, embedding models and embedding stores (LangChain4j 1.11 and later). Each listener
 * makes one span per call, nested under the AI-service call that retrieves:
 *
 * <pre>{@code
 * RagTelemetry rag = RagTelemetry.create(tracer);
 * embeddingModel.addListener(rag.embeddingModelListener());
 * embeddingStore.addListener(rag.embeddingStoreListener());
 * contentRetriever.addListener(rag.contentRetrieverListener());
 * }</pre>
 *
 * <p>This class names listener types that LangChain4j has from 1.11: use it only there. Instances
 * are thread-safe.
 */
public final class RagTelemetry {

  private final RagListeners listeners;

  private RagTelemetry(Instrumentation instrumentation) {
    this.listeners = new RagListeners(instrumentation);
  }

  /**
   * The retrieval tracing of {@code tracer}: the same instance for the same tracer.
   *
   * @param tracer the tracer whose spans, session and enrichment these spans share
   * @return the tracer's instance; the same on every call
   * @throws NullPointerException if {@code tracer} is null
   * @throws IllegalStateException if the application's LangChain4j is older than 1.11
   */
  public static RagTelemetry create(HoneyHiveTracer tracer) {
    Instrumentation instrumentation = TracerAccess.instrumentation(tracer);
    if (!LangChain4jFeatures.RAG_LISTENERS) {
      throw new IllegalStateException(
          "RagTelemetry needs LangChain4j 1.11 or later (its retriever, embedding-model and embedding-store"
              + " listeners); this application has " + LangChain4jFeatures.VERSION);
    }
    return instrumentation.module(RagTelemetry.class, RagTelemetry::new);
  }

  /**
   * Retrieval spans ({@code retrieval}, a HoneyHive {@code tool} event: query, result count,
   * scores); for {@code contentRetriever.addListener(...)}.
   *
   * @return this instance's listener; the same on every call
   */
  public ContentRetrieverListener contentRetrieverListener() {
    return listeners.contentRetriever;
  }

  /**
   * Embedding spans (model, input count, token usage); for {@code embeddingModel.addListener(...)}.
   *
   * @return this instance's listener; the same on every call
   */
  public EmbeddingModelListener embeddingModelListener() {
    return listeners.embeddingModel;
  }

  /**
   * Embedding-store search spans (result count, scores); for {@code embeddingStore.addListener(...)}.
   *
   * @return this instance's listener; the same on every call
   */
  public EmbeddingStoreListener embeddingStoreListener() {
    return listeners.embeddingStore;
  }
}
