package ai.honeyhive.langchain4j.quarkus;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_EVENT_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_SESSION_ID;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.Operations;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes;
import dev.langchain4j.guardrail.GuardrailResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The one span processor the extension adds to Quarkus' SDK. At each span's start: the session
 * and the request's enrichment on every span the library did not start itself (the HTTP request's,
 * Quarkus LangChain4j's AI-service, tool and guardrail spans, HTTP clients'), and Quarkus
 * LangChain4j's AI-service and tool spans typed as HoneyHive reads them. At each span's end, in
 * what HoneyHive gets only: a model request's HTTP client span under its model span ({@link
 * #nested}), a guardrail span with its outcome. Then HoneyHive's export and, with console output,
 * the console view. Never throws.
 */
final class HoneyHiveSpanProcessor implements SpanProcessor {

  /** Quarkus LangChain4j's AI-service span names: {@code langchain4j.aiservices.Type.method}. */
  static final String AI_SERVICE_PREFIX = "langchain4j.aiservices.";
  /** Quarkus LangChain4j's tool span names: {@code langchain4j.tools.name}. */
  static final String TOOL_PREFIX = "langchain4j.tools.";
  static final AttributeKey<String> HONEYHIVE_EVENT_NAME = AttributeKey.stringKey("honeyhive_event_name");
  /** Quarkus' {@code @WithSpan} spans name their method: {@code package.Class.method}. */
  static final AttributeKey<String> CODE_FUNCTION_NAME = AttributeKey.stringKey("code.function.name");
  static final AttributeKey<String> GUARDRAIL_KIND = AttributeKey.stringKey("honeyhive_metadata.guardrail_kind");
  static final AttributeKey<String> GUARDRAIL_NAME = AttributeKey.stringKey("honeyhive_metadata.guardrail_name");
  private static final String VALIDATE = ".validate";
  static final AttributeKey<String> GUARDRAIL_RESULT = AttributeKey.stringKey("honeyhive_outputs.result");

  /** Guardrail spans that ended before their outcome arrived, by parent span id and guardrail class. */
  private static final int MAX_HELD_GUARDRAILS = 1024;

  private final java.util.concurrent.ConcurrentHashMap<String, ReadableSpan> heldGuardrails =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Guardrail kind by class name: {@code input}, {@code output}, or empty for a class that is neither. */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> GUARDRAILS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Model spans (this library's {@code chat} spans) that are open, by parent span id: each with its
   * context and start. The HTTP client span of a model request is the model span's sibling (the
   * listener's span is not current while Quarkus LangChain4j sends the request); HoneyHive's copy
   * puts it under the model span. Bounded: past the bound, no more are tracked.
   */
  private static final int MAX_OPEN_MODELS = 1024;

  private final java.util.concurrent.ConcurrentHashMap<String, List<OpenModel>> openModels =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** {@code http.request.method}, and the older {@code http.method}: an HTTP client span. */
  static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");

  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.method");

  private final AtomicBoolean warnedNesting = new AtomicBoolean();

  private static final Logger logger = Logger.getLogger(HoneyHiveSpanProcessor.class);

  private final List<SpanProcessor> delegates;
  private volatile Instrumentation instrumentation;
  private final AtomicBoolean warned = new AtomicBoolean();

  HoneyHiveSpanProcessor(List<SpanProcessor> delegates) {
    this.delegates = new ArrayList<>(delegates);
  }

  /** From now on, spans get the session and enrichment of this tracer. */
  void stampWith(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    Instrumentation i = instrumentation;
    if (i != null && !HoneyHiveTracer.INSTRUMENTATION_SCOPE.equals(span.getInstrumentationScopeInfo().getName())) {
      try {
        boolean aiService = type(span);
        if (span.getAttribute(HONEYHIVE_SESSION_ID) == null) {
          // The AI-service call is the request's outermost AI step: it gets the enrichment's own
          // inputs, outputs and error too, as the library's AI-service span does.
          i.enrich(AttributeWriter.to(span), parentContext, aiService);
        }
      } catch (Throwable t) {
        if (warned.compareAndSet(false, true)) {
          logger.warn("HoneyHive: could not add the session to a span; it may be filed without one", t);
        }
      }
    }
    trackModel(span);
    for (SpanProcessor p : delegates) {
      if (p.isStartRequired()) {
        p.onStart(parentContext, span);
      }
    }
  }

  /** An open model span, for the HTTP client span of its request. */
  private static final class OpenModel {
    final SpanContext context;
    final long startEpochNanos;

    OpenModel(SpanContext context, long startEpochNanos) {
      this.context = context;
      this.startEpochNanos = startEpochNanos;
    }
  }

  /** This library's model span: {@code gen_ai.operation.name=chat}, {@code honeyhive_event_type=model}. */
  private static boolean isModel(ReadableSpan span) {
    return HoneyHiveTracer.INSTRUMENTATION_SCOPE.equals(span.getInstrumentationScopeInfo().getName())
        && Operations.CHAT.equals(span.getAttribute(GEN_AI_OPERATION_NAME))
        && EventTypes.MODEL.equals(span.getAttribute(HONEYHIVE_EVENT_TYPE));
  }

  private void trackModel(ReadWriteSpan span) {
    try {
      if (delegates.isEmpty() || !span.getParentSpanContext().isValid() || !isModel(span)) {
        return;
      }
      String parent = span.getParentSpanContext().getSpanId();
      if (openModels.size() >= MAX_OPEN_MODELS && !openModels.containsKey(parent)) {
        return; // past the bound: this model's request keeps its parent
      }
      OpenModel model = new OpenModel(span.getSpanContext(), span.toSpanData().getStartEpochNanos());
      openModels.compute(
          parent,
          (k, models) -> {
            List<OpenModel> added = models == null ? new ArrayList<>(1) : new ArrayList<>(models);
            added.add(model);
            return added;
          });
    } catch (Throwable t) {
      warnNesting(t);
    }
  }

  private void untrackModel(ReadableSpan span) {
    String parent = span.getParentSpanContext().getSpanId();
    String id = span.getSpanContext().getSpanId();
    openModels.computeIfPresent(
        parent,
        (k, models) -> {
          List<OpenModel> left = new ArrayList<>(models.size());
          for (OpenModel m : models) {
            if (!m.context.getSpanId().equals(id)) {
              left.add(m);
            }
          }
          return left.isEmpty() ? null : left;
        });
  }

  /**
   * HoneyHive's copy of an HTTP client span that ends while exactly one model span with the same
   * parent is open and started no later than it: under that model span. Any other span, or no or
   * more than one such model span: the span as it is.
   *
   * <p>A model request's HTTP client span lies within the listener's model span: the listener's
   * {@code onRequest} starts the model span before Quarkus LangChain4j sends the request, and
   * {@code onResponse} ends it after the REST client has ended its span (measured: model
   * 5.6&ndash;98.0 ms, its request 13.2&ndash;33.3 ms). So the rule needs the model span open at the
   * HTTP span's end and started before the HTTP span's start, no overlap heuristics.
   */
  private ReadableSpan nested(ReadableSpan span) {
    try {
      if (openModels.isEmpty()) {
        return span;
      }
      if (isModel(span)) {
        untrackModel(span);
        return span;
      }
      if (span.getKind() != SpanKind.CLIENT
          || (span.getAttribute(HTTP_REQUEST_METHOD) == null && span.getAttribute(HTTP_METHOD) == null)
          || !span.getParentSpanContext().isValid()) {
        return span;
      }
      List<OpenModel> models = openModels.get(span.getParentSpanContext().getSpanId());
      if (models == null) {
        return span;
      }
      SpanData ended = span.toSpanData();
      OpenModel match = null;
      for (OpenModel m : models) {
        if (m.startEpochNanos <= ended.getStartEpochNanos()
            && m.context.getTraceId().equals(span.getSpanContext().getTraceId())) {
          if (match != null) {
            return span; // ambiguous: left as it is
          }
          match = m;
        }
      }
      return match == null ? span : new ReparentedSpan(span, ended, match.context);
    } catch (Throwable t) {
      warnNesting(t);
      return span;
    }
  }

  private void warnNesting(Throwable t) {
    if (warnedNesting.compareAndSet(false, true)) {
      logger.warn("HoneyHive: could not put a model request's HTTP span under its model span; it keeps its parent", t);
    }
  }

  /** Types Quarkus LangChain4j's AI-service and tool spans; true for an AI-service span. */
  private static boolean type(ReadWriteSpan span) {
    String name = span.getName();
    if (name.startsWith(AI_SERVICE_PREFIX)) {
      span.setAttribute(HONEYHIVE_EVENT_TYPE, EventTypes.CHAIN);
      span.setAttribute(GEN_AI_OPERATION_NAME, Operations.INVOKE_AGENT);
      span.setAttribute(HONEYHIVE_EVENT_NAME, Operations.INVOKE_AGENT + ' ' + name.substring(AI_SERVICE_PREFIX.length()));
      return true;
    }
    if (name.startsWith(TOOL_PREFIX)) {
      span.setAttribute(HONEYHIVE_EVENT_TYPE, EventTypes.TOOL);
      span.setAttribute(HONEYHIVE_EVENT_NAME, Operations.EXECUTE_TOOL + ' ' + name.substring(TOOL_PREFIX.length()));
    } else if (name.endsWith(VALIDATE)) {
      // Quarkus LangChain4j's guardrail spans: @WithSpan on each guardrail's validate method.
      String function = span.getAttribute(CODE_FUNCTION_NAME);
      if (function != null && function.endsWith(VALIDATE)) {
        String className = function.substring(0, function.length() - VALIDATE.length());
        String kind = GUARDRAILS.computeIfAbsent(className, HoneyHiveSpanProcessor::guardrailKind);
        if (!kind.isEmpty()) {
          String guardrail = className.substring(className.lastIndexOf('.') + 1);
          // As the library types the guardrail spans it makes itself.
          span.setAttribute(HONEYHIVE_EVENT_TYPE, EventTypes.TOOL);
          span.setAttribute(HONEYHIVE_EVENT_NAME, "guardrail " + guardrail);
          span.setAttribute(GUARDRAIL_KIND, kind);
          span.setAttribute(GUARDRAIL_NAME, guardrail);
        }
      }
    }
    return false;
  }

  private static String guardrailKind(String className) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class<?> type = Class.forName(className, false, loader);
      if (isA(type, "dev.langchain4j.guardrail.InputGuardrail", loader)) {
        return "input";
      }
      if (isA(type, "dev.langchain4j.guardrail.OutputGuardrail", loader)) {
        return "output";
      }
    } catch (ClassNotFoundException | LinkageError e) {
      // not a class we can see: not typed
    }
    return "";
  }

  private static boolean isA(Class<?> type, String interfaceName, ClassLoader loader) {
    try {
      return Class.forName(interfaceName, false, loader).isAssignableFrom(type);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan ended) {
    ReadableSpan span = nested(ended);
    try {
      if (!heldGuardrails.isEmpty()) {
        // Their AI-service call is over: no outcome is coming any more.
        releaseChildrenOf(span.getSpanContext().getSpanId());
      }
      String guardrailClass = guardrailClass(span);
      if (guardrailClass != null
          && instrumentation != null
          && span.getAttribute(GUARDRAIL_RESULT) == null
          && span.getParentSpanContext().isValid()
          && heldGuardrails.size() < MAX_HELD_GUARDRAILS) {
        // Quarkus LangChain4j reports the outcome just after the span ends, on this thread. Held
        // spans are bounded: past the bound (outcomes that never came), a span goes out without one.
        ReadableSpan previous = heldGuardrails.put(key(span.getParentSpanContext().getSpanId(), guardrailClass), span);
        if (previous != null) {
          deliver(previous);
        }
        return;
      }
    } catch (Throwable t) {
      if (warned.compareAndSet(false, true)) {
        logger.warn("HoneyHive: could not handle a guardrail span; it is exported without its outcome", t);
      }
    }
    deliver(span);
  }

  private void deliver(ReadableSpan span) {
    for (SpanProcessor p : delegates) {
      if (p.isEndRequired()) {
        p.onEnd(span);
      }
    }
  }

  private void releaseChildrenOf(String parentSpanId) {
    String prefix = parentSpanId + '/';
    for (String key : heldGuardrails.keySet()) {
      if (key.startsWith(prefix)) {
        ReadableSpan held = heldGuardrails.remove(key);
        if (held != null) {
          deliver(held);
        }
      }
    }
  }

  private void releaseAll() {
    for (String key : heldGuardrails.keySet()) {
      ReadableSpan held = heldGuardrails.remove(key);
      if (held != null) {
        deliver(held);
      }
    }
  }

  private static String key(String parentSpanId, String guardrailClass) {
    return parentSpanId + '/' + guardrailClass;
  }

  /** The guardrail's class name if this is a guardrail span the processor typed, else null. */
  private static String guardrailClass(ReadableSpan span) {
    if (span.getAttribute(GUARDRAIL_NAME) == null) {
      return null;
    }
    String function = span.getAttribute(CODE_FUNCTION_NAME);
    return function != null && function.endsWith(VALIDATE)
        ? function.substring(0, function.length() - VALIDATE.length())
        : null;
  }

  /**
   * Records a guardrail's outcome, as the library records it on the guardrail spans it makes:
   * {@code honeyhive_outputs.result} ({@code SUCCESS}, {@code FAILURE}, ...) and, when it did not
   * pass, status ERROR, {@code honeyhive_error}, {@code honeyhive_error_type} and {@code error.type}.
   * Called on the thread that ran the guardrail, where {@code current} is the span that was current
   * around it (the AI-service span), or the guardrail's own span if it is still open.
   *
   * @param current the current span
   * @param guardrailClass the guardrail's class (a CDI proxy's is mapped to the bean class)
   * @param result the guardrail's result
   */
  void guardrailExecuted(io.opentelemetry.api.trace.Span current, Class<?> guardrailClass, GuardrailResult<?> result) {
    try {
      if (guardrailClass == null || result == null || instrumentation == null) {
        return;
      }
      String className = beanClassName(guardrailClass);
      String outcome = String.valueOf(result.result());
      String errorType = result.isSuccess() ? null : "guardrail_" + outcome.toLowerCase(java.util.Locale.ROOT);
      String message = result.isSuccess() ? null : result.asString();
      if (current instanceof ReadableSpan
          && !((ReadableSpan) current).hasEnded()
          && className.equals(guardrailClass((ReadableSpan) current))) {
        current.setAttribute(GUARDRAIL_RESULT, outcome);
        if (errorType != null) {
          Instrumentation.recordFailure(current, errorType, message);
        }
        return;
      }
      ReadableSpan held = heldGuardrails.remove(key(current.getSpanContext().getSpanId(), className));
      if (held == null) {
        return;
      }
      AttributesBuilder added = Attributes.builder().put(GUARDRAIL_RESULT, outcome);
      if (errorType != null) {
        added.put(HoneyHiveAttributes.ERROR_TYPE, errorType)
            .put(HoneyHiveAttributes.HONEYHIVE_ERROR, message)
            .put(HoneyHiveAttributes.HONEYHIVE_ERROR_TYPE, errorType);
      }
      deliver(new GuardrailOutcomeSpan(held, added.build(), message));
    } catch (Throwable t) {
      if (warned.compareAndSet(false, true)) {
        logger.warn("HoneyHive: could not record a guardrail's outcome", t);
      }
    }
  }

  /** Quarkus' client proxies and intercepted subclasses stand for the bean class. */
  static String beanClassName(Class<?> type) {
    String name = type.getName();
    for (String suffix : new String[] {"_ClientProxy", "_Subclass"}) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  @Override
  public boolean isEndRequired() {
    return !delegates.isEmpty();
  }

  @Override
  public CompletableResultCode forceFlush() {
    releaseAll();
    List<CompletableResultCode> results = new ArrayList<>();
    for (SpanProcessor p : delegates) {
      results.add(p.forceFlush());
    }
    return CompletableResultCode.ofAll(results);
  }

  @Override
  public CompletableResultCode shutdown() {
    releaseAll();
    openModels.clear();
    List<CompletableResultCode> results = new ArrayList<>();
    for (SpanProcessor p : delegates) {
      results.add(p.shutdown());
    }
    return CompletableResultCode.ofAll(results);
  }
}
