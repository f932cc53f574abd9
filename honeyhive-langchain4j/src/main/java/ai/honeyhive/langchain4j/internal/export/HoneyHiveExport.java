package ai.honeyhive.langchain4j.internal.export;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Internal: the OpenTelemetry SDK that exports to HoneyHive when the user does not bring one. This
 * class is public only so that {@code HoneyHiveTracer} can reach it across packages; it is not part
 * of the API and may change at any time.
 *
 * <p>This is the only package that touches the OpenTelemetry SDK and the OTLP exporter.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class HoneyHiveExport {

  /** The path HoneyHive's OTLP/HTTP trace endpoint lives under, appended to the server URL. */
  public static final String TRACES_PATH = "/opentelemetry/v1/traces";

  /** HoneyHive's export timeout, as its own SDKs use. */
  public static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Attributes per span. The SDK's default of 128 would silently cut a long conversation's
   * {@code honeyhive_inputs.chat_history.N.*} and enrichment keys.
   */
  public static final int MAX_ATTRIBUTES_PER_SPAN = 4096;

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  /** Spans that may wait for export; past this, new spans are dropped and counted. */
  public static final int MAX_QUEUED_SPANS = 2048;

  /**
   * Spans whose content may wait to be written at export. Entries live only between a span's end
   * and its export, of which the bounded queue allows {@link #MAX_QUEUED_SPANS}: this bound is a
   * backstop, past which content is written on the caller's thread as with a user's SDK.
   */
  static final int MAX_LATE_SPANS = MAX_QUEUED_SPANS * 2;

  private final OpenTelemetrySdk sdk;
  private final CountingSpanExporter exporter;
  private final BoundedSpanProcessor bounded;
  private final LateAttributes late;
  private final SessionStampingProcessor sessionStamping;
  private volatile ConsoleTraceExporter console;

  private HoneyHiveExport(
      OpenTelemetrySdk sdk,
      CountingSpanExporter exporter,
      BoundedSpanProcessor bounded,
      LateAttributes late,
      SessionStampingProcessor sessionStamping) {
    this.sdk = sdk;
    this.exporter = exporter;
    this.bounded = bounded;
    this.late = late;
    this.sessionStamping = sessionStamping;
  }

  /**
   * Has {@code stamp} put the session attributes on every span this SDK starts outside the
   * instrumentation scope {@code ownScope} (the user's own spans, other instrumentations'), unless
   * the span names a session itself.
   */
  public void stampForeignSpans(String ownScope, java.util.function.BiConsumer<io.opentelemetry.context.Context, io.opentelemetry.api.trace.Span> stamp) {
    sessionStamping.set(ownScope, stamp);
  }

  /**
   * Creates an SDK that batches spans and sends them to {@code serverUrl + TRACES_PATH} over
   * OTLP/HTTP (protobuf) with HoneyHive's headers.
   */
  public static HoneyHiveExport create(
      String serverUrl,
      String apiKey,
      String source,
      String project,
      String serviceName,
      String clientVersion,
      boolean gzip) {
    return create(
        spanExporter(serverUrl, apiKey, source, clientVersion, gzip),
        new ExportHealth(baseUrl(serverUrl) + TRACES_PATH, apiKey, source, project),
        serviceName,
        Duration.ofSeconds(5));
  }

  /** The OTLP/HTTP exporter to HoneyHive, with its endpoint, headers and timeout; uncompressed. */
  public static SpanExporter spanExporter(
      String serverUrl, String apiKey, String source, String clientVersion) {
    return spanExporter(serverUrl, apiKey, source, clientVersion, false);
  }

  /**
   * The OTLP/HTTP exporter to HoneyHive, with its endpoint, headers and timeout; with {@code gzip},
   * request bodies are gzip-compressed ({@code Content-Encoding: gzip}).
   */
  public static SpanExporter spanExporter(
      String serverUrl, String apiKey, String source, String clientVersion, boolean gzip) {
    String endpoint = baseUrl(serverUrl) + TRACES_PATH;
    // Our own threads: the OTLP exporter's failure records on them become FINE lines of ours, and
    // ExportHealth says what failed in one WARNING line (the application's exporters log as before).
    ExecutorService executor = ExporterLogs.executor(endpoint);
    io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder builder =
        OtlpHttpSpanExporter.builder()
            .setCompression(gzip ? "gzip" : "none")
            .setEndpoint(endpoint)
            .addHeader("Authorization", "Bearer " + apiKey)
            .addHeader("X-Source", source)
            .addHeader("hh-client-version", clientVersion)
            .addHeader("hh-client-language", "java")
            .addHeader("hh-client-package", "honeyhive-langchain4j")
            .setTimeout(EXPORT_TIMEOUT);
    try {
      builder.setExecutorService(executor);
    } catch (NoSuchMethodError olderSdk) {
      // An OpenTelemetry SDK without setExecutorService (1.42.1, the oldest we support): the
      // exporter keeps its own threads, and its failure lines stay its own.
      executor.shutdown();
      return builder.build();
    }
    return new OwnThreads(builder.build(), executor);
  }

  /**
   * {@code serverUrl} without trailing slashes and without a trailing {@link #TRACES_PATH}: the
   * full OTLP endpoint, pasted where the server URL belongs, means the server URL.
   */
  public static String baseUrl(String serverUrl) {
    String s = serverUrl.trim();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.toLowerCase(java.util.Locale.ROOT).endsWith(TRACES_PATH)) {
      s = s.substring(0, s.length() - TRACES_PATH.length());
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
    }
    return s;
  }

  /** The OTLP exporter, which does not stop an executor it was given: this one stops ours. */
  private static final class OwnThreads implements SpanExporter {
    private final SpanExporter delegate;
    private final ExecutorService executor;

    OwnThreads(SpanExporter delegate, ExecutorService executor) {
      this.delegate = delegate;
      this.executor = executor;
    }

    @Override
    public CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
      return delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      CompletableResultCode result = delegate.shutdown();
      result.whenComplete(executor::shutdown);
      return result;
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  /** Content deferred to export on applications' own SDKs, by the SDK it was set up for. */
  private static final java.util.Map<OpenTelemetry, LateAttributes> APPLICATION_SDKS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /**
   * HoneyHive's export inside an application's own SDK (Spring Boot's, for example): add {@link
   * #spanProcessor()} to that SDK, then {@link #attachTo} the SDK before a tracer is created on it.
   * Spans go through the same bounded queue and batch export as with the tracer's own SDK, and chat
   * content is written as spans are exported rather than during the call. Content is deferred only
   * once the processor has seen a span start (proof that it is in that SDK's pipeline); until then,
   * and if it never is, content is written during the call. The application's other processors and
   * exporters get the spans without the deferred content.
   */
  public static final class DeferredContent {
    private final LateAttributes late = new LateAttributes(MAX_LATE_SPANS, false);
    private final SpanProcessor processor;

    DeferredContent(SpanExporter honeyHive, ExportHealthSpec health) {
      CountingSpanExporter exporter = new CountingSpanExporter(honeyHive, health == null ? null : health.create());
      SpanProcessor batch =
          BatchSpanProcessor.builder(new LateAttributesExporter(exporter, late, MAX_ATTRIBUTES_PER_SPAN))
              .setExporterTimeout(EXPORT_TIMEOUT)
              .setMaxQueueSize(MAX_QUEUED_SPANS * 2)
              .build();
      BoundedSpanProcessor bounded =
          new BoundedSpanProcessor(batch, MAX_QUEUED_SPANS, () -> exporter.exported() + exporter.failed(), late);
      this.processor = new Proving(bounded, late);
    }

    /** The processor to add to the application's SDK. */
    public SpanProcessor spanProcessor() {
      return processor;
    }

    /** Tracers created on {@code sdk} from now on hand their chat content to this export. */
    public void attachTo(OpenTelemetry sdk) {
      APPLICATION_SDKS.put(sdk, late);
    }
  }

  /** Marks the deferral proven at the first span start it sees; otherwise the bounded export. */
  private static final class Proving implements SpanProcessor {
    private final BoundedSpanProcessor delegate;
    private final LateAttributes late;

    Proving(BoundedSpanProcessor delegate, LateAttributes late) {
      this.delegate = delegate;
      this.late = late;
    }

    @Override
    public void onStart(io.opentelemetry.context.Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
      late.proven();
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
      delegate.onEnd(span);
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode forceFlush() {
      return delegate.forceFlush();
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
      late.close();
      return delegate.shutdown();
    }
  }

  /**
   * HoneyHive's export for an application's SDK, sending through {@code honeyHive}; {@code health}
   * (or null) reports failed exports as the tracer's own export does.
   */
  public static DeferredContent deferredContent(SpanExporter honeyHive, ExportHealthSpec health) {
    return new DeferredContent(honeyHive, health);
  }

  /** What was attached to {@code sdk} with {@link DeferredContent#attachTo}, or null. */
  public static LateAttributes deferredContentFor(OpenTelemetry sdk) {
    return sdk == null ? null : APPLICATION_SDKS.get(sdk);
  }

  /**
   * Creates an SDK that prints each finished trace as a tree to {@code out}, and also exports to
   * {@code alsoTo} when it is not null.
   */
  public static HoneyHiveExport createConsole(
      java.io.PrintStream out, SpanExporter alsoTo, ExportHealthSpec health, String serviceName) {
    ConsoleTraceExporter console = new ConsoleTraceExporter(out);
    // A short delay: a development view should print while you watch.
    HoneyHiveExport export =
        create(
            alsoTo == null ? console : SpanExporter.composite(console, alsoTo),
            health == null ? null : health.create(),
            serviceName,
            Duration.ofMillis(200));
    export.console = console;
    return export;
  }

  /**
   * The console view alone, as an exporter for an application's own SDK: it prints each trace as a
   * tree when the trace's local root span is exported, so the whole trace, spans of every
   * instrumentation included, appears once its root ends.
   */
  public static SpanExporter consoleSpanExporter(java.io.PrintStream out) {
    return new ConsoleTraceExporter(out);
  }

  /**
   * Prints one line in the console view, between trace trees, if this SDK has one; for the session
   * and event updates that are not spans.
   *
   * @param line the line, without its line break
   * @return whether there is a console view
   */
  public boolean printToConsole(String line) {
    ConsoleTraceExporter view = console;
    if (view == null) {
      return false;
    }
    view.printLine(line);
    return true;
  }

  /** Creates an SDK that batches spans into the given exporter (for tests and development views). */
  public static HoneyHiveExport create(SpanExporter delegate, String serviceName) {
    return create(delegate, null, serviceName, Duration.ofSeconds(5));
  }

  /** What {@link ExportHealth} needs to diagnose export to HoneyHive. */
  public static final class ExportHealthSpec {
    private final String serverUrl;
    private final String apiKey;
    private final String source;
    private final String project;

    /** Describes the HoneyHive endpoint that the console view also exports to. */
    public ExportHealthSpec(String serverUrl, String apiKey, String source, String project) {
      this.serverUrl = serverUrl;
      this.apiKey = apiKey;
      this.source = source;
      this.project = project;
    }

    ExportHealth create() {
      return new ExportHealth(baseUrl(serverUrl) + TRACES_PATH, apiKey, source, project);
    }

    @Override
    public String toString() {
      return "ExportHealthSpec{serverUrl=" + serverUrl + ", apiKey=OBFUSCATED}";
    }
  }

  private static HoneyHiveExport create(
      SpanExporter delegate, ExportHealth health, String serviceName, Duration scheduleDelay) {
    CountingSpanExporter exporter = new CountingSpanExporter(delegate, health);
    LateAttributes late = new LateAttributes(MAX_LATE_SPANS);
    // The batch queue is larger than our bound, so the batch processor itself never drops.
    SpanProcessor batch =
        BatchSpanProcessor.builder(new LateAttributesExporter(exporter, late, MAX_ATTRIBUTES_PER_SPAN))
            .setExporterTimeout(EXPORT_TIMEOUT)
            .setScheduleDelay(scheduleDelay)
            .setMaxQueueSize(MAX_QUEUED_SPANS * 2)
            .build();
    BoundedSpanProcessor processor =
        new BoundedSpanProcessor(
            batch, MAX_QUEUED_SPANS, () -> exporter.exported() + exporter.failed(), late);
    Resource resource =
        Resource.getDefault().merge(Resource.builder().put(SERVICE_NAME, serviceName).build());
    SessionStampingProcessor sessionStamping = new SessionStampingProcessor();
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSpanLimits(
                SpanLimits.builder().setMaxNumberOfAttributes(MAX_ATTRIBUTES_PER_SPAN).build())
            .addSpanProcessor(sessionStamping)
            .addSpanProcessor(processor)
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracerProvider)
            .setPropagators(
                ContextPropagators.create(
                    TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(),
                        W3CBaggagePropagator.getInstance())))
            .build();
    return new HoneyHiveExport(sdk, exporter, processor, late, sessionStamping);
  }

  /**
   * Where instrumentation hands attributes to be written at export: this SDK's spans reach no
   * exporter but ours, so their content can wait for the batch thread.
   */
  public LateAttributes lateAttributes() {
    return late;
  }

  /** The SDK, as the API type. */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /**
   * Exports every finished span; true when the flush completed within the timeout and no export
   * failed meanwhile (the batch processor's own result does not say).
   */
  public boolean flush(Duration timeout) {
    long failedBefore = exporter.failed();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean done = forceFlush(sdk.getSdkTracerProvider(), timeout);
    // A failed export is diagnosed (a rejected key, an unreachable server) before flush returns.
    exporter.awaitDiagnosis(Duration.ofNanos(deadline - System.nanoTime()));
    return done && exporter.failed() == failedBefore;
  }

  /**
   * {@code forceFlush} that really waits. The batch processor completes a flush before it clears
   * the request, so a second flush right after the first can be handed the first's finished
   * result and return before its own spans are exported. A fresh request is never done when
   * returned: retry briefly while it is.
   */
  static boolean forceFlush(SdkTracerProvider provider, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableResultCode result = provider.forceFlush();
    for (int attempt = 0; result.isDone() && attempt < 50; attempt++) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      result = provider.forceFlush();
    }
    long remaining = Math.max(0, deadline - System.nanoTime());
    return result.join(remaining, TimeUnit.NANOSECONDS).isSuccess();
  }

  /** Flushes, then stops the SDK; true when everything was sent within the timeout. */
  public boolean shutdown(Duration timeout) {
    long failedBefore = exporter.failed();
    long deadline = System.nanoTime() + timeout.toNanos();
    forceFlush(sdk.getSdkTracerProvider(), timeout);
    CompletableResultCode result = sdk.shutdown();
    long remaining = Math.max(0, deadline - System.nanoTime());
    boolean done = result.join(remaining, TimeUnit.NANOSECONDS).isSuccess();
    exporter.awaitDiagnosis(Duration.ofNanos(deadline - System.nanoTime()));
    late.close();
    return done && exporter.failed() == failedBefore;
  }

  /** Spans HoneyHive accepted so far. */
  public long exportedSpans() {
    return exporter.exported();
  }

  /** Spans dropped because too many were waiting for export (the first drop is logged). */
  public long droppedSpans() {
    return bounded.dropped();
  }

  /** Spans whose export failed so far (each failure is also logged by the OTLP exporter). */
  public long failedSpans() {
    return exporter.failed();
  }

  /**
   * Flushes a user-supplied OpenTelemetry when it is the SDK; any other implementation (the Java
   * agent's, a no-op) owns its own export, and this returns true.
   */
  public static boolean flush(OpenTelemetry openTelemetry, Duration timeout) {
    if (openTelemetry instanceof OpenTelemetrySdk) {
      return forceFlush(((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider(), timeout);
    }
    return true;
  }

  @Override
  public String toString() {
    // The exporter's own toString prints header values as OBFUSCATED.
    return "HoneyHiveExport{exporter=" + exporter + '}';
  }
}
