package ai.honeyhive.langchain4j.quarkus;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.HoneyHiveTracerBuilder;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The extension's one stateful bean: it reads {@code quarkus.honeyhive.*}, adds HoneyHive's export
 * to Quarkus' OpenTelemetry SDK (as a {@link SpanProcessor} bean, which Quarkus adds to its SDK),
 * starts the {@link HoneyHiveTracer} on that SDK with the application, and closes it at shutdown.
 *
 * <p>Inject {@link HoneyHiveTracer} to enrich spans and sessions; it is null when tracing is off.
 */
@Singleton
public class HoneyHiveTracing {

  private static final Logger logger = Logger.getLogger("ai.honeyhive.langchain4j.quarkus");

  private final Settings settings;
  private final HoneyHiveExport.DeferredContent export;
  private final HoneyHiveSpanProcessor processor;
  private volatile HoneyHiveTracer tracer;
  private volatile Instrumentation instrumentation;

  /**
   * Reads and checks the configuration; a value the tracer cannot start with stops startup.
   *
   * @param config {@code quarkus.honeyhive.*}
   */
  public HoneyHiveTracing(HoneyHiveConfig config) {
    Config all = ConfigProvider.getConfig();
    this.settings =
        Settings.resolve(config, name -> all.getOptionalValue(name, String.class), LaunchMode.current())
            .check();
    List<SpanProcessor> delegates = new ArrayList<>();
    if (settings.canExport()) {
      this.export =
          HoneyHiveExport.deferredContent(
              new QuarkusSpanContent(
                  HoneyHiveExport.spanExporter(
                      settings.serverUrlOrDefault(), settings.apiKey, settings.sourceOrDefault(), libraryVersion(), settings.gzip()),
                  () -> instrumentation),
              new HoneyHiveExport.ExportHealthSpec(
                  settings.serverUrlOrDefault(), settings.apiKey, settings.sourceOrDefault(), settings.project));
      delegates.add(export.spanProcessor());
    } else {
      this.export = null;
    }
    if (settings.on() && settings.console) {
      // A short delay: a development view should print while you watch.
      delegates.add(
          BatchSpanProcessor.builder(HoneyHiveExport.consoleSpanExporter(new CurrentStandardOutput()))
              .setScheduleDelay(Duration.ofMillis(200))
              .build());
    }
    this.processor = new HoneyHiveSpanProcessor(delegates);
  }

  /**
   * HoneyHive's processor in Quarkus' SDK: session and typing of every span, then HoneyHive's
   * bounded export and the console view.
   *
   * @return the processor, which does nothing when tracing is off
   */
  @Produces
  @Singleton
  SpanProcessor honeyHiveSpanProcessor() {
    return processor;
  }

  /**
   * The tracer, for enrichment ({@code tracer.enrichSpan(...)}, {@code enrichSession(...)}).
   *
   * @return the tracer, or null when tracing is off
   */
  @Produces
  @Dependent
  HoneyHiveTracer honeyHiveTracer() {
    return tracer;
  }

  /** The tracer, or null when tracing is off or has not started yet. */
  HoneyHiveTracer tracer() {
    return tracer;
  }

  /** HoneyHive's span processor in Quarkus' SDK. */
  HoneyHiveSpanProcessor processor() {
    return processor;
  }

  /** The tracer's instrumentation, or null when tracing is off or has not started yet. */
  Instrumentation instrumentation() {
    return instrumentation;
  }

  void start(@Observes StartupEvent event, OpenTelemetry openTelemetry) {
    if (!settings.on()) {
      if (settings.anySet) {
        logger.warn(settings.off());
      } else {
        logger.info(settings.off());
      }
      return;
    }
    HoneyHiveTracerBuilder builder = HoneyHiveTracer.builder();
    if (settings.apiKey != null) {
      builder.apiKey(settings.apiKey);
    }
    if (settings.project != null) {
      builder.project(settings.project);
    } else if (settings.apiKey == null) {
      builder.project("local"); // as the tracer's own console view names it
    }
    if (settings.source != null) {
      builder.source(settings.source);
    }
    if (settings.serverUrl != null) {
      builder.serverUrl(settings.serverUrl);
    }
    if (settings.sessionName != null) {
      builder.sessionName(settings.sessionName);
    }
    if (settings.compression != null) {
      builder.compression(settings.compression);
    }
    builder
        .shutdownTimeout(settings.shutdownTimeout)
        .captureContent(settings.captureContent)
        .allowPlainHttp(settings.allowPlainHttp)
        .openTelemetry(openTelemetry)
        .console(false); // printed by the processor above, so that each tree starts at the HTTP span
    if (export != null && settings.captureContent && !settings.console) {
      // Prompts and completions are written as HoneyHive's processor exports the spans, not during
      // the call; printed trees show content only if it is on the spans themselves.
      export.attachTo(openTelemetry);
    }
    HoneyHiveTracer started = builder.build();
    Instrumentation i = TracerAccess.instrumentation(started);
    // Quarkus LangChain4j traces tool executions itself: none rebuilt from the conversation.
    i.toolSpansFromElsewhere();
    this.instrumentation = i;
    processor.stampWith(i);
    this.tracer = started;
    logger.info(
        "HoneyHive tracing is on: project " + started.project()
            + (settings.console ? ", printed to the console" : "")
            + (settings.canExport() ? ", sent to " + settings.serverUrlOrDefault() : "")
            + ", spans through Quarkus' OpenTelemetry");
  }

  void stop(@Observes ShutdownEvent event) {
    HoneyHiveTracer t = tracer;
    if (t != null) {
      t.close();
    }
  }

  /** The library's version, as its own export reports it. */
  static String libraryVersion() {
    try (InputStream in = HoneyHiveTracerBuilder.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException | RuntimeException e) {
      // the header only says which client sent the spans
    }
    return "unknown";
  }

}
