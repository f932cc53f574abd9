package ai.honeyhive.langchain4j.spring;

import ai.honeyhive.langchain4j.HoneyHiveTracer;
import ai.honeyhive.langchain4j.HoneyHiveTracerBuilder;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.TracerAccess;
import ai.honeyhive.langchain4j.internal.export.HoneyHiveExport;
import ai.honeyhive.langchain4j.internal.export.SessionStampingProcessor;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.opentelemetry.api.OpenTelemetry;
import java.util.logging.Logger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Traces every LangChain4j model, AI service and tool of a Spring Boot application in HoneyHive,
 * configured from {@code honeyhive.*} properties (see {@link HoneyHiveProperties}) or the {@code
 * HH_*} environment variables.
 *
 * <p>Beans, each only when tracing is configured (an API key and a project, or console output):
 *
 * <ul>
 *   <li>a {@link HoneyHiveTracer}, closed with the application context, which flushes its spans;
 *   <li>its {@link ChatModelListener}, which LangChain4j's Spring Boot starters register on every
 *       chat and streaming chat model they build;
 *   <li>a bean post-processor that wraps every AI service bean (the starter's {@code @AiService}
 *       interfaces and {@code AiServices}-built beans) so each call is a parent span;
 *   <li>a bean post-processor that proxies every other bean with {@code @HoneyHiveTrace} methods,
 *       so each call of one from outside the bean is a span (off with {@code
 *       honeyhive.trace-annotations=false});
 *   <li>with Spring Boot's OpenTelemetry tracing on the classpath, an exporter to HoneyHive that
 *       Spring Boot adds to its own SDK, so that the HTTP request's span is the AI-service span's
 *       parent in one trace, and a span processor that gives every span of that SDK (the HTTP
 *       request's too) the HoneyHive session; with {@code honeyhive.console}, also an exporter
 *       that prints each trace.
 * </ul>
 *
 * <p>Without an API key and a project, the application starts untraced and logs one line saying
 * what to set.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration"
    })
@ConditionalOnClass({HoneyHiveTracer.class, ChatModelListener.class})
@ConditionalOnProperty(prefix = "honeyhive", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(HoneyHiveProperties.class)
public class HoneyHiveAutoConfiguration {

  static final Logger logger = Logger.getLogger(HoneyHiveAutoConfiguration.class.getName());

  /** The tracer Spring Boot creates; use {@link #honeyHiveTracer} through dependency injection. */
  public HoneyHiveAutoConfiguration() {}

  /**
   * The tracer, built from {@code honeyhive.*} and the environment. It uses the application's
   * OpenTelemetry bean when Spring Boot's OpenTelemetry tracing is present (see {@link
   * HoneyHiveProperties#isUseApplicationOpenTelemetry()}), else its own export to HoneyHive.
   *
   * @param properties the {@code honeyhive.*} properties
   * @param environment where the {@code HH_*} fallbacks are read
   * @param openTelemetry the application's OpenTelemetry, if it has one
   * @param deferredContent HoneyHive's export inside Spring Boot's SDK, which writes chat content
   *     at export, if Spring Boot's OpenTelemetry tracing is present
   * @param sessionStamping the processor in Spring Boot's SDK that puts the tracer's session on
   *     every span others start there, if Spring Boot's OpenTelemetry tracing is present
   * @return a new tracer; Spring closes it with the context
   */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(HoneyHiveConditions.TracingConfigured.class)
  public HoneyHiveTracer honeyHiveTracer(
      HoneyHiveProperties properties,
      Environment environment,
      ObjectProvider<OpenTelemetry> openTelemetry,
      ObjectProvider<HoneyHiveExport.DeferredContent> deferredContent,
      ObjectProvider<SessionStampingProcessor> sessionStamping) {
    Settings settings = Settings.resolve(properties, environment).check(properties);
    StartupChecks.propertyWarnings(settings, environment).forEach(logger::warning);
    HoneyHiveTracerBuilder builder = HoneyHiveTracer.builder();
    if (settings.apiKey != null) {
      builder.apiKey(settings.apiKey);
    }
    if (settings.project != null) {
      builder.project(settings.project);
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
    if (properties.getShutdownTimeout() != null) {
      builder.shutdownTimeout(properties.getShutdownTimeout());
    }
    builder.captureContent(properties.isCaptureContent()).allowPlainHttp(properties.isAllowPlainHttp());
    OpenTelemetry application = applicationOpenTelemetry(properties, openTelemetry);
    if (application != null) {
      // Console output then comes from the exporter SpringTracing adds to the application's SDK,
      // so that the tree printed holds the HTTP request's span too.
      builder.openTelemetry(application).console(false);
      if (settings.console && settings.apiKey == null && settings.project == null) {
        builder.project("local"); // as the tracer's own console view names it
      }
      HoneyHiveExport.DeferredContent content = deferredContent.getIfAvailable();
      if (content != null && properties.isCaptureContent() && !settings.console) {
        // Printed trees show the content only if it is on the spans themselves.
        content.attachTo(application);
      }
    } else {
      builder.console(settings.console);
    }
    HoneyHiveTracer tracer = builder.build();
    if (application != null) {
      // Spring's own spans (the HTTP request's, the HTTP client's) get the session the tracer's
      // spans carry, as the tracer's own SDK gives it to every span.
      Instrumentation instrumentation = TracerAccess.instrumentation(tracer);
      sessionStamping.ifAvailable(
          p -> p.set(HoneyHiveTracer.INSTRUMENTATION_SCOPE, (parent, span) -> instrumentation.session.apply(span, parent)));
    }
    // Every AI-service context created from now on is configured by this tracer (tool and
    // guardrail spans); the registration below undoes it before the tracer closes.
    TracedAiServiceContextFactory.register(tracer);
    logger.info(
        "HoneyHive tracing is on: project " + tracer.project()
            + (settings.console ? ", printed to the console" : "")
            + (application != null ? ", spans through the application's OpenTelemetry" : ""));
    return tracer;
  }

  /**
   * The tracer's listener, which LangChain4j's Spring Boot starters register on the models they
   * build.
   *
   * @param tracer the tracer
   * @return {@link HoneyHiveTracer#chatModelListener()}
   */
  @Bean
  @Conditional(HoneyHiveConditions.TracingConfigured.class)
  public ChatModelListener honeyHiveChatModelListener(HoneyHiveTracer tracer) {
    return tracer.chatModelListener();
  }

  /**
   * Stops new AI-service contexts from using the tracer once the application context closes
   * (before the tracer itself is closed, as this bean depends on it).
   *
   * @param tracer the tracer
   * @return a bean whose only job is that
   */
  @Bean
  @Conditional(HoneyHiveConditions.TracingConfigured.class)
  public DisposableBean honeyHiveAiServiceContextRegistration(HoneyHiveTracer tracer) {
    return () -> TracedAiServiceContextFactory.unregister(tracer);
  }

  /**
   * Wraps AI-service beans so that each call is a span.
   *
   * @param tracer the tracer, looked up when the first AI service is created
   * @return the post-processor
   */
  @Bean
  @ConditionalOnClass(name = "dev.langchain4j.service.AiServices")
  @Conditional(HoneyHiveConditions.TracingConfigured.class)
  public static AiServiceTracingPostProcessor honeyHiveAiServicePostProcessor(ObjectProvider<HoneyHiveTracer> tracer) {
    return new AiServiceTracingPostProcessor(tracer);
  }

  /**
   * Traces the {@code @HoneyHiveTrace} methods of every bean (classes through class-based
   * proxies); AI services and decorated proxies are left to the post-processor above.
   *
   * @param tracer the tracer, looked up at the first traced call
   * @return the post-processor
   */
  @Bean
  @ConditionalOnProperty(prefix = "honeyhive", name = "trace-annotations", havingValue = "true", matchIfMissing = true)
  @Conditional(HoneyHiveConditions.TracingConfigured.class)
  static TracedMethodPostProcessor honeyHiveTracedMethodPostProcessor(ObjectProvider<HoneyHiveTracer> tracer) {
    return new TracedMethodPostProcessor(tracer);
  }

  /**
   * Logs, once at startup, that tracing is off and what to set: a warning naming what is missing
   * when some {@code honeyhive.*} property shows that the user meant to trace, after one warning
   * per unknown {@code honeyhive.*} key or unresolved placeholder.
   *
   * @param properties the {@code honeyhive.*} properties
   * @param environment where the {@code HH_*} fallbacks and the property sources are read
   * @return a bean that only logs
   */
  @Bean
  @Conditional(HoneyHiveConditions.TracingNotConfigured.class)
  public InitializingBean honeyHiveTracingOff(HoneyHiveProperties properties, Environment environment) {
    return () -> {
      Settings settings = Settings.resolve(properties, environment);
      StartupChecks.propertyWarnings(settings, environment).forEach(logger::warning);
      if (StartupChecks.meantToTrace(settings, environment)) {
        logger.warning(StartupChecks.tracingOff(settings));
      } else {
        logger.info(
            "HoneyHive tracing is off: set honeyhive.api-key and honeyhive.project (or HH_API_KEY and"
                + " HH_PROJECT), or honeyhive.console=true to print traces locally");
      }
    };
  }

  /**
   * Servlet applications with a {@link HoneyHiveRequestEnricher} bean: its enrichment is current
   * while each request is handled.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.filter.OncePerRequestFilter")
  static class ServletEnrichment {

    @Bean
    @ConditionalOnBean(HoneyHiveRequestEnricher.class)
    @Conditional(HoneyHiveConditions.TracingConfigured.class)
    FilterRegistrationBean<RequestEnrichmentFilter> honeyHiveRequestEnrichmentFilter(
        HoneyHiveRequestEnricher enricher, HoneyHiveTracer tracer) {
      FilterRegistrationBean<RequestEnrichmentFilter> registration =
          new FilterRegistrationBean<>(new RequestEnrichmentFilter(enricher, tracer));
      registration.setName("honeyHiveRequestEnrichmentFilter");
      // After Spring's observation filter, so the HTTP server span is already current.
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
      return registration;
    }
  }

  /**
   * WebFlux applications with a {@link HoneyHiveExchangeEnricher} bean: its enrichment goes into
   * each request's Reactor context and is current wherever Reactor restores thread-local context.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = {"org.springframework.web.server.WebFilter", "io.micrometer.context.ContextRegistry"})
  static class ReactiveEnrichment {

    @Bean
    @ConditionalOnBean(HoneyHiveExchangeEnricher.class)
    @Conditional(HoneyHiveConditions.TracingConfigured.class)
    EnrichmentWebFilter honeyHiveEnrichmentWebFilter(HoneyHiveExchangeEnricher enricher) {
      io.micrometer.context.ContextRegistry registry = io.micrometer.context.ContextRegistry.getInstance();
      registry.removeThreadLocalAccessor(EnrichmentAccessor.KEY);
      registry.registerThreadLocalAccessor(new EnrichmentAccessor());
      return new EnrichmentWebFilter(enricher);
    }
  }

  private static OpenTelemetry applicationOpenTelemetry(
      HoneyHiveProperties properties, ObjectProvider<OpenTelemetry> openTelemetry) {
    if (!properties.isUseApplicationOpenTelemetry() || !SpringTracing.PRESENT) {
      return null;
    }
    return openTelemetry.getIfUnique();
  }

  /** Spring Boot's OpenTelemetry tracing: its SDK exports through every {@code SpanExporter} bean. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {SpringTracing.BRIDGE, "io.opentelemetry.sdk.trace.export.SpanExporter"})
  @ConditionalOnProperty(
      prefix = "honeyhive",
      name = "use-application-open-telemetry",
      havingValue = "true",
      matchIfMissing = true)
  static class SpringTracing {

    static final String BRIDGE = "io.micrometer.tracing.otel.bridge.OtelTracer";
    static final boolean PRESENT = isPresent(BRIDGE);

    /**
     * HoneyHive's export inside Spring Boot's SDK: the same bounded queue and batch export as the
     * tracer's own, and chat content written as spans are exported rather than during the call
     * (docs/spring-boot.md).
     */
    @Bean
    @Conditional(HoneyHiveConditions.ExportConfigured.class)
    HoneyHiveExport.DeferredContent honeyHiveExport(HoneyHiveProperties properties, Environment environment) {
      Settings settings = Settings.resolve(properties, environment).check(properties);
      return HoneyHiveExport.deferredContent(
          HoneyHiveSpanExporters.create(settings, settings.gzip()),
          HoneyHiveSpanExporters.health(settings));
    }

    /**
     * Gives every span of Spring Boot's SDK that is not the tracer's (the HTTP request's span, for
     * one) the session attributes; inert until the tracer is built and says how.
     */
    @Bean
    @Conditional(HoneyHiveConditions.TracingConfigured.class)
    SessionStampingProcessor honeyHiveSessionStamping() {
      return new SessionStampingProcessor();
    }

    /** Spring Boot adds every {@code SpanProcessor} bean to its SDK. */
    @Bean
    @Conditional(HoneyHiveConditions.ExportConfigured.class)
    io.opentelemetry.sdk.trace.SpanProcessor honeyHiveSpanProcessor(HoneyHiveExport.DeferredContent export) {
      return export.spanProcessor();
    }

    /**
     * Says once at startup when the application's sampler keeps only some traces: HoneyHive gets
     * the AI spans of those traces only (docs/spring-boot.md says why the starter does not
     * override it).
     */
    @Bean
    @Conditional(HoneyHiveConditions.TracingConfigured.class)
    InitializingBean honeyHiveSamplingCheck(
        ObjectProvider<io.opentelemetry.sdk.trace.samplers.Sampler> sampler, Environment environment) {
      return () -> {
        io.opentelemetry.sdk.trace.samplers.Sampler s = sampler.getIfUnique();
        StartupChecks.Finding finding = s == null ? null : StartupChecks.sampling(s.getDescription(), environment);
        if (finding != null && finding.warning) {
          logger.warning(finding.message);
        } else if (finding != null) {
          logger.info(finding.message);
        }
      };
    }

    /** With {@code honeyhive.console}: prints each of the application's traces as a tree. */
    @Bean
    @Conditional(HoneyHiveConditions.ConsoleConfigured.class)
    io.opentelemetry.sdk.trace.export.SpanExporter honeyHiveConsoleSpanExporter() {
      return HoneyHiveSpanExporters.console();
    }

    private static boolean isPresent(String className) {
      try {
        Class.forName(className, false, SpringTracing.class.getClassLoader());
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
  }
}
