package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.internal.RunningTools;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The tools running on each thread, found innermost first, and what is left of them dropped. */
class RunningToolsTest {

  private final RunningTools running = new RunningTools();

  private final Span[] spans = new Span[RunningTools.MAX_DEPTH + 8];

  /** The n-th span, the same instance on every call (tools are matched by identity). */
  private Span span(int n) {
    if (spans[n] == null) {
      spans[n] =
          Span.wrap(
              SpanContext.create(
                  "0af7651916cd43dd8448eb211c80319c", String.format("%016x", n), TraceFlags.getSampled(), TraceState.getDefault()));
    }
    return spans[n];
  }

  private static SpanContext of(Context context) {
    return Span.fromContext(context).getSpanContext();
  }

  @Test
  void theInnermostToolOfTheInvocationOnThisThreadIsTheParent() {
    UUID outer = UUID.randomUUID();
    UUID inner = UUID.randomUUID();
    running.started(outer, span(1), Context.root());
    running.started(inner, span(2), Context.root());

    assertThat(of(running.current(inner))).isEqualTo(span(2).getSpanContext());
    assertThat(of(running.current(outer))).isEqualTo(span(1).getSpanContext());
    assertThat(of(running.current(null))).isEqualTo(span(2).getSpanContext());
    assertThat(running.current(UUID.randomUUID())).isNull();
    // Another thread runs no tool.
    assertThat(CompletableFuture.supplyAsync(() -> running.current(null)).join()).isNull();

    running.ended(span(2));
    assertThat(of(running.current(null))).isEqualTo(span(1).getSpanContext());
    running.ended(span(1));
    assertThat(running.current(null)).isNull();
    assertThat(running.size()).isZero();
  }

  @Test
  void toolsWhoseAfterHookNeverCameAreDroppedWhenTheirInvocationCompletes() {
    UUID invocation = UUID.randomUUID();
    running.started(invocation, span(1), Context.root());
    CompletableFuture.runAsync(() -> running.started(invocation, span(2), Context.root())).join();
    running.started(UUID.randomUUID(), span(3), Context.root());
    assertThat(running.size()).isEqualTo(3);

    running.forget(invocation);

    assertThat(running.size()).isEqualTo(1);
    assertThat(of(running.current(null))).isEqualTo(span(3).getSpanContext());
  }

  @Test
  void nestingDeeperThanTheLimitDropsTheOutermost() {
    for (int i = 1; i <= RunningTools.MAX_DEPTH + 5; i++) {
      running.started(null, span(i), Context.root());
    }
    assertThat(running.size()).isEqualTo(RunningTools.MAX_DEPTH);
    assertThat(of(running.current(null))).isEqualTo(span(RunningTools.MAX_DEPTH + 5).getSpanContext());
  }
}
