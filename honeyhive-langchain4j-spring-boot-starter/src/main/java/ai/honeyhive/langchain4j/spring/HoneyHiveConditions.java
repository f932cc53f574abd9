package ai.honeyhive.langchain4j.spring;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Whether the properties and environment are enough to trace, read before any bean exists. */
final class HoneyHiveConditions {

  static Settings settings(ConditionContext context) {
    HoneyHiveProperties properties =
        Binder.get(context.getEnvironment())
            .bind("honeyhive", HoneyHiveProperties.class)
            .orElseGet(HoneyHiveProperties::new);
    return Settings.resolve(properties, context.getEnvironment());
  }

  /** An API key and a project, or console output. */
  static final class TracingConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Settings s = settings(context);
      return s.canExport() || s.console;
    }
  }

  /** Neither: the application runs untraced. */
  static final class TracingNotConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !new TracingConfigured().matches(context, metadata);
    }
  }

  /** An API key and a project. */
  static final class ExportConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return settings(context).canExport();
    }
  }

  /** Console output. */
  static final class ConsoleConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return settings(context).console;
    }
  }

  private HoneyHiveConditions() {}
}
