package ai.honeyhive.langchain4j.internal.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A development view: collects each trace's spans and, when its local root ends, prints the trace as
 * a tree, one line per span: name, duration, event type, model, tokens, error, and the enrichment
 * keys that differ from the parent span's.
 */
final class ConsoleTraceExporter implements SpanExporter {

  static final int MAX_PENDING_TRACES = 1000;
  private static final int MAX_VALUE = 40;
  private static final String[] ENRICHMENT_PREFIXES = {
    "honeyhive_user_properties.", "honeyhive_metadata.", "honeyhive_metrics.", "honeyhive_feedback.",
    "honeyhive_config."
  };

  private final PrintStream out;
  private final Map<String, List<SpanData>> pending = new LinkedHashMap<>();

  ConsoleTraceExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized CompletableResultCode export(java.util.Collection<SpanData> spans) {
    try {
      for (SpanData span : spans) {
        pending.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
      }
      for (SpanData span : spans) {
        if (isLocalRoot(span)) {
          List<SpanData> trace = pending.remove(span.getTraceId());
          if (trace != null) {
            out.print(render(trace));
          }
        }
      }
      while (pending.size() > MAX_PENDING_TRACES) {
        Iterator<List<SpanData>> oldest = pending.values().iterator();
        out.print(render(oldest.next()));
        oldest.remove();
      }
      return CompletableResultCode.ofSuccess();
    } catch (RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
  }

  /** Prints one line that is not a span (a session or event update), never inside a tree. */
  synchronized void printLine(String line) {
    out.println(line);
  }

  private static boolean isLocalRoot(SpanData span) {
    return !span.getParentSpanContext().isValid() || span.getParentSpanContext().isRemote();
  }

  /** The tree of one trace's spans, children in start order under their parents. */
  static String render(List<SpanData> trace) {
    Map<String, SpanData> byId = new HashMap<>();
    for (SpanData s : trace) {
      byId.put(s.getSpanId(), s);
    }
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> roots = new ArrayList<>();
    for (SpanData s : trace) {
      if (byId.containsKey(s.getParentSpanId()) && !s.getParentSpanId().equals(s.getSpanId())) {
        children.computeIfAbsent(s.getParentSpanId(), id -> new ArrayList<>()).add(s);
      } else {
        roots.add(s);
      }
    }
    Comparator<SpanData> byStart = Comparator.comparingLong(SpanData::getStartEpochNanos);
    roots.sort(byStart);
    children.values().forEach(list -> list.sort(byStart));

    StringBuilder sb = new StringBuilder();
    SpanData first = roots.get(0);
    String session = first.getAttributes().get(AttributeKey.stringKey("honeyhive.session_id"));
    sb.append("trace ").append(first.getTraceId());
    String service = first.getResource().getAttribute(AttributeKey.stringKey("service.name"));
    if (service != null) {
      sb.append("  service ").append(service);
    }
    if (session != null) {
      sb.append("  session ").append(session);
    }
    sb.append('\n');
    for (SpanData root : roots) {
      line(sb, root, "", "", children, Map.of());
    }
    return sb.toString();
  }

  private static void line(
      StringBuilder sb,
      SpanData span,
      String prefix,
      String childPrefix,
      Map<String, List<SpanData>> children,
      Map<String, Object> parentEnrichment) {
    Map<String, Object> enrichment = enrichment(span);
    sb.append(prefix).append(describe(span, enrichment, parentEnrichment)).append('\n');
    List<SpanData> kids = children.getOrDefault(span.getSpanId(), List.of());
    for (int i = 0; i < kids.size(); i++) {
      boolean last = i == kids.size() - 1;
      line(
          sb,
          kids.get(i),
          childPrefix + (last ? "└─ " : "├─ "),
          childPrefix + (last ? "   " : "│  "),
          children,
          enrichment);
    }
  }

  /**
   * The span's enrichment, keys without {@code honeyhive_}; inputs and outputs on chain spans only
   * (a model span's are its whole conversation), and the error on every span.
   */
  private static Map<String, Object> enrichment(SpanData span) {
    Map<String, Object> enrichment = new TreeMap<>();
    boolean chain = "chain".equals(span.getAttributes().get(AttributeKey.stringKey("honeyhive_event_type")));
    span.getAttributes()
        .forEach(
            (k, v) -> {
              String key = k.getKey();
              for (String prefix : ENRICHMENT_PREFIXES) {
                if (key.startsWith(prefix) && !key.equals(TIME_TO_FIRST_TOKEN)) {
                  enrichment.put(key.substring("honeyhive_".length()), v);
                }
              }
              if (chain && (key.startsWith(INPUTS) || key.startsWith(OUTPUTS))) {
                enrichment.put(key.substring("honeyhive_".length()), v);
              }
              if (key.equals(ERROR)) {
                enrichment.put("error", v);
              }
            });
    return enrichment;
  }

  private static final String INPUTS = "honeyhive_inputs.";
  private static final String OUTPUTS = "honeyhive_outputs.";
  private static final String ERROR = "honeyhive_error";
  private static final String TIME_TO_FIRST_TOKEN = "honeyhive_metadata.time_to_first_token_ms";

  /** One span's line; enrichment is shown where it differs from the parent's, to keep trees short. */
  static String describe(SpanData span, Map<String, Object> enrichment, Map<String, Object> parentEnrichment) {
    Attributes a = span.getAttributes();
    StringBuilder sb = new StringBuilder(span.getName());
    double ms = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6;
    sb.append("  ").append(String.format(Locale.ROOT, "%.1f ms", ms));
    String type = a.get(AttributeKey.stringKey("honeyhive_event_type"));
    if (type != null) {
      sb.append("  ").append(type);
    }
    String model = a.get(AttributeKey.stringKey("gen_ai.response.model"));
    if (model == null) {
      model = a.get(AttributeKey.stringKey("gen_ai.request.model"));
    }
    if (model != null && !span.getName().contains(model)) {
      sb.append("  model=").append(model);
    }
    Long in = a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"));
    Long outTokens = a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"));
    if (in != null || outTokens != null) {
      sb.append("  tokens=").append(in == null ? "?" : in).append('/').append(outTokens == null ? "?" : outTokens);
    }
    if (Boolean.TRUE.equals(a.get(AttributeKey.booleanKey("gen_ai.request.stream")))) {
      sb.append("  streamed");
      Double ttft = a.get(AttributeKey.doubleKey(TIME_TO_FIRST_TOKEN));
      if (ttft != null) {
        sb.append(String.format(Locale.ROOT, ", first token after %.1f ms", ttft));
      }
    }
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      String errorType = a.get(AttributeKey.stringKey("error.type"));
      sb.append("  ERROR");
      if (errorType != null) {
        sb.append(' ').append(errorType.substring(errorType.lastIndexOf('.') + 1));
      }
    }
    enrichment.forEach(
        (k, v) -> {
          if (!v.equals(parentEnrichment.get(k))) {
            sb.append("  ").append(k).append('=').append(shorten(String.valueOf(v)));
          }
        });
    return sb.toString();
  }

  private static String shorten(String s) {
    String oneLine = s.replace('\n', ' ');
    return oneLine.length() <= MAX_VALUE ? oneLine : oneLine.substring(0, MAX_VALUE - 1) + "…";
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  /** Prints traces whose root never ended here (for example, cut by shutdown). */
  @Override
  public synchronized CompletableResultCode shutdown() {
    for (List<SpanData> trace : pending.values()) {
      out.print(render(trace));
    }
    pending.clear();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "ConsoleTraceExporter";
  }
}
