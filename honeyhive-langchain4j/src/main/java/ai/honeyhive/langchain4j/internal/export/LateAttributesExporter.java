package ai.honeyhive.langchain4j.internal.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * First in the batch thread's chain: gives each span its {@link LateAttributes} before the batch is
 * encoded. The span's own attributes win over late ones with the same key, and the span keeps to
 * the attribute limit: late attributes past it are dropped and counted in the span's total, as
 * the SDK does for attributes set on the span.
 */
final class LateAttributesExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final LateAttributes late;
  private final int maxAttributes;

  LateAttributesExporter(SpanExporter delegate, LateAttributes late, int maxAttributes) {
    this.delegate = delegate;
    this.late = late;
    this.maxAttributes = maxAttributes;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (late.pending() == 0) {
      return delegate.export(spans);
    }
    List<SpanData> completed = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      LateAttributes.Writer writer = late.take(span.getSpanContext());
      completed.add(writer == null ? span : complete(span, writer));
    }
    return delegate.export(completed);
  }

  private SpanData complete(SpanData span, LateAttributes.Writer writer) {
    AttributesBuilder extra = Attributes.builder();
    if (!late.write(writer, extra)) {
      return span;
    }
    Attributes lateAttributes = extra.build();
    if (lateAttributes.isEmpty()) {
      return span;
    }
    Attributes own = span.getAttributes();
    AttributesBuilder merged = own.toBuilder();
    int[] room = {maxAttributes - own.size()};
    int[] added = {0};
    lateAttributes.forEach(
        (key, value) -> {
          if (own.get(key) != null) {
            return;
          }
          added[0]++;
          if (room[0] > 0) {
            room[0]--;
            put(merged, key, value);
          }
        });
    return new Completed(span, merged.build(), span.getTotalAttributeCount() + added[0]);
  }

  @SuppressWarnings("unchecked")
  private static void put(AttributesBuilder builder, AttributeKey<?> key, Object value) {
    builder.put((AttributeKey<Object>) key, value);
  }

  /** A span with its late attributes added. */
  private static final class Completed extends DelegatingSpanData {
    private final Attributes attributes;
    private final int totalAttributeCount;

    Completed(SpanData span, Attributes attributes, int totalAttributeCount) {
      super(span);
      this.attributes = attributes;
      this.totalAttributeCount = totalAttributeCount;
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public int getTotalAttributeCount() {
      return totalAttributeCount;
    }
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
