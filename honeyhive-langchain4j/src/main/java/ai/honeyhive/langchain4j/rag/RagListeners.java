package ai.honeyhive.langchain4j.rag;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_DATA_SOURCE_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_EMBEDDINGS_DIMENSION_COUNT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_PROVIDER_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_REQUEST_MODEL;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_RETRIEVAL_QUERY_TEXT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.Operations;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.providers.ProviderNames;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.listener.EmbeddingModelErrorContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelRequestContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelResponseContext;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverErrorContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverRequestContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverResponseContext;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreErrorContext;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreListener;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreRequestContext;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreResponseContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;

/**
 * Retrieval, embedding and embedding-store spans, each started in {@code onRequest}
 * under the caller's context and carried to {@code onResponse}/{@code onError} in the call's
 * attributes map, like the chat-model listener.
 */
final class RagListeners {

  static final Object SPAN_KEY = new Object();
  private static final AttributeKey<Long> COUNT = AttributeKey.longKey(HONEYHIVE_OUTPUTS_PREFIX + "count");

  final ContentRetrieverListener contentRetriever;
  final EmbeddingModelListener embeddingModel;
  final EmbeddingStoreListener embeddingStore;

  private final Instrumentation instrumentation;

  RagListeners(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    this.contentRetriever = new Retrieval();
    this.embeddingModel = new Embeddings();
    this.embeddingStore = new StoreSearch();
  }

  static void start(Map<Object, Object> attributes, SpanBuilder builder) {
    attributes.put(SPAN_KEY, builder.startSpan());
  }

  private void fail(Map<Object, Object> attributes, Throwable error) {
    fail(instrumentation, attributes, error);
  }

  static void fail(Instrumentation instrumentation, Map<Object, Object> attributes, Throwable error) {
    Span span = instrumentation.take(attributes, SPAN_KEY);
    if (span != null) {
      try {
        Instrumentation.recordError(span, error);
      } finally {
        span.end();
      }
    }
  }

  /**
   * The data source's class name, unless it is LangChain4j's listener wrapper (what {@code
   * addListener} returns), whose name says nothing about the source.
   */
  private static String sourceName(Object source, String fallback) {
    if (source == null) {
      return fallback;
    }
    String name = source.getClass().getSimpleName();
    return name.isEmpty() || name.startsWith("Listening") ? fallback : name;
  }

  private static double score(Content content) {
    Map<ContentMetadata, Object> metadata = content.metadata();
    Object score = metadata == null ? null : metadata.get(ContentMetadata.SCORE);
    return score instanceof Number ? ((Number) score).doubleValue() : Double.NaN;
  }

  private final class Retrieval implements ContentRetrieverListener {
    @Override
    public void onRequest(ContentRetrieverRequestContext context) {
      try {
        String source = sourceName(context.contentRetriever(), "content_retriever");
        SpanBuilder builder =
            instrumentation
                .spanBuilder(Operations.RETRIEVAL + ' ' + source, SpanKind.INTERNAL, Context.current(), EventTypes.TOOL)
                .setAttribute(GEN_AI_OPERATION_NAME, Operations.RETRIEVAL)
                .setAttribute(GEN_AI_DATA_SOURCE_ID, source);
        if (instrumentation.captureContent && context.query() != null && context.query().text() != null) {
          String query = instrumentation.content.apply(context.query().text());
          builder.setAttribute(GEN_AI_RETRIEVAL_QUERY_TEXT, query);
          builder.setAttribute(HONEYHIVE_INPUTS_PREFIX + "query", query);
        }
        start(context.attributes(), builder);
      } catch (Throwable t) {
        instrumentation.failures.record("ContentRetrieverListener.onRequest", t);
      }
    }

    @Override
    public void onResponse(ContentRetrieverResponseContext context) {
      Span span = instrumentation.take(context.attributes(), SPAN_KEY);
      if (span == null) {
        return;
      }
      try {
        List<Content> contents = context.contents();
        span.setAttribute(COUNT, contents == null ? 0L : (long) contents.size());
        if (contents != null) {
          for (int i = 0; i < contents.size(); i++) {
            Content c = contents.get(i);
            double score = score(c);
            if (!Double.isNaN(score)) {
              span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "documents." + i + ".score", score);
            }
            if (instrumentation.captureContent && c.textSegment() != null) {
              span.setAttribute(
                  HONEYHIVE_OUTPUTS_PREFIX + "documents." + i + ".content",
                  instrumentation.content.apply(c.textSegment().text()));
            }
          }
        }
      } catch (Throwable t) {
        instrumentation.failures.record("ContentRetrieverListener.onResponse", t);
      } finally {
        span.end();
      }
    }

    @Override
    public void onError(ContentRetrieverErrorContext context) {
      fail(context.attributes(), context.error());
    }
  }

  private final class Embeddings implements EmbeddingModelListener {
    @Override
    public void onRequest(EmbeddingModelRequestContext context) {
      try {
        String model = context.embeddingModel() == null ? null : context.embeddingModel().modelName();
        SpanBuilder builder =
            instrumentation
                .spanBuilder(
                    model == null ? Operations.EMBEDDINGS : Operations.EMBEDDINGS + ' ' + model,
                    SpanKind.CLIENT,
                    Context.current(),
                    EventTypes.MODEL)
                .setAttribute(GEN_AI_OPERATION_NAME, Operations.EMBEDDINGS);
        if (LangChain4jFeatures.EMBEDDING_PROVIDER) {
          builder.setAttribute(GEN_AI_PROVIDER_NAME, ProviderNames.of(context.modelProvider()));
        }
        if (model != null) {
          builder.setAttribute(GEN_AI_REQUEST_MODEL, model);
        }
        List<TextSegment> segments = context.textSegments();
        builder.setAttribute(
            AttributeKey.longKey(HONEYHIVE_INPUTS_PREFIX + "count"), segments == null ? 0L : (long) segments.size());
        if (instrumentation.captureContent && segments != null) {
          for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i) != null) {
              builder.setAttribute(
                  HONEYHIVE_INPUTS_PREFIX + "texts." + i, instrumentation.content.apply(segments.get(i).text()));
            }
          }
        }
        start(context.attributes(), builder);
      } catch (Throwable t) {
        instrumentation.failures.record("EmbeddingModelListener.onRequest", t);
      }
    }

    @Override
    public void onResponse(EmbeddingModelResponseContext context) {
      Span span = instrumentation.take(context.attributes(), SPAN_KEY);
      if (span == null) {
        return;
      }
      try {
        Response<List<Embedding>> response = context.response();
        if (response != null) {
          if (response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null) {
            span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, response.tokenUsage().inputTokenCount().longValue());
          }
          List<Embedding> embeddings = response.content();
          if (embeddings != null && !embeddings.isEmpty() && embeddings.get(0) != null) {
            span.setAttribute(GEN_AI_EMBEDDINGS_DIMENSION_COUNT, (long) embeddings.get(0).dimension());
          }
          span.setAttribute(COUNT, embeddings == null ? 0L : (long) embeddings.size());
        }
      } catch (Throwable t) {
        instrumentation.failures.record("EmbeddingModelListener.onResponse", t);
      } finally {
        span.end();
      }
    }

    @Override
    public void onError(EmbeddingModelErrorContext context) {
      fail(context.attributes(), context.error());
    }
  }

  /** Embedding-store searches (queries); adds and removals are ingestion, not request traffic. */
  private final class StoreSearch implements EmbeddingStoreListener {
    @Override
    public void onRequest(EmbeddingStoreRequestContext<?> context) {
      if (!(context instanceof EmbeddingStoreRequestContext.Search)) {
        return;
      }
      try {
        String store = sourceName(context.embeddingStore(), "embedding_store");
        EmbeddingSearchRequest search = ((EmbeddingStoreRequestContext.Search<?>) context).searchRequest();
        SpanBuilder builder =
            instrumentation
                .spanBuilder(Operations.RETRIEVAL + ' ' + store, SpanKind.CLIENT, Context.current(), EventTypes.TOOL)
                .setAttribute(GEN_AI_OPERATION_NAME, Operations.RETRIEVAL)
                .setAttribute(GEN_AI_DATA_SOURCE_ID, store);
        if (search != null) {
          builder.setAttribute(AttributeKey.longKey(HONEYHIVE_INPUTS_PREFIX + "max_results"), (long) search.maxResults());
          builder.setAttribute(AttributeKey.doubleKey(HONEYHIVE_INPUTS_PREFIX + "min_score"), search.minScore());
          if (instrumentation.captureContent && search.query() != null) {
            String query = instrumentation.content.apply(search.query());
            builder.setAttribute(GEN_AI_RETRIEVAL_QUERY_TEXT, query);
            builder.setAttribute(HONEYHIVE_INPUTS_PREFIX + "query", query);
          }
        }
        start(context.attributes(), builder);
      } catch (Throwable t) {
        instrumentation.failures.record("EmbeddingStoreListener.onRequest", t);
      }
    }

    @Override
    public void onResponse(EmbeddingStoreResponseContext<?> context) {
      Span span = instrumentation.take(context.attributes(), SPAN_KEY);
      if (span == null) {
        return;
      }
      try {
        if (context instanceof EmbeddingStoreResponseContext.Search
            && ((EmbeddingStoreResponseContext.Search<?>) context).searchResult() != null) {
          List<? extends EmbeddingMatch<?>> matches =
              ((EmbeddingStoreResponseContext.Search<?>) context).searchResult().matches();
          span.setAttribute(COUNT, matches == null ? 0L : (long) matches.size());
          if (matches != null) {
            for (int i = 0; i < matches.size(); i++) {
              EmbeddingMatch<?> match = matches.get(i);
              if (match.score() != null) {
                span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "documents." + i + ".score", match.score());
              }
              if (match.embeddingId() != null) {
                span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "documents." + i + ".id", match.embeddingId());
              }
            }
          }
        }
      } catch (Throwable t) {
        instrumentation.failures.record("EmbeddingStoreListener.onResponse", t);
      } finally {
        span.end();
      }
    }

    @Override
    public void onError(EmbeddingStoreErrorContext<?> context) {
      fail(context.attributes(), context.error());
    }
  }
}
