package ai.honeyhive.langchain4j.quarkus.it;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What the HoneyHive stand-in received, decoded from OTLP protobuf. */
final class Exported {

  private Exported() {}

  static List<LoggedRequest> requests(int port) {
    return new WireMock("localhost", port).find(postRequestedFor(urlEqualTo("/opentelemetry/v1/traces")));
  }

  static List<Span> spans(int port) {
    List<Span> spans = new ArrayList<>();
    for (LoggedRequest r : requests(port)) {
      try {
        ExportTraceServiceRequest.parseFrom(r.getBody())
            .getResourceSpansList()
            .forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return spans;
  }

  /** Polls until {@code done} holds for what was received, or fails at the deadline. */
  static List<Span> await(int port, Runnable flush, Predicate<List<Span>> done) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    List<Span> spans = List.of();
    while (System.nanoTime() < deadline) {
      flush.run();
      spans = spans(port);
      if (done.test(spans)) {
        return spans;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("HoneyHive stand-in received only " + tree(spans));
  }

  static Map<String, String> attributes(Span span) {
    Map<String, String> out = new HashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      out.put(kv.getKey(), kv.getValue().hasStringValue() ? kv.getValue().getStringValue() : kv.getValue().toString().trim());
    }
    return out;
  }

  static String id(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  /** The spans as a tree, one line each: name, kind, event type. */
  static String tree(List<Span> spans) {
    Map<String, List<Span>> children = new HashMap<>();
    Map<String, Span> byId = new HashMap<>();
    for (Span s : spans) {
      byId.put(id(s.getSpanId()), s);
    }
    List<Span> roots = new ArrayList<>();
    for (Span s : spans) {
      String parent = id(s.getParentSpanId());
      if (parent.isEmpty() || !byId.containsKey(parent)) {
        roots.add(s);
      } else {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
      }
    }
    StringBuilder out = new StringBuilder();
    for (Span root : roots) {
      out.append("trace ").append(id(root.getTraceId())).append('\n');
      print(root, "", "", children, out);
    }
    return out.toString();
  }

  private static void print(Span span, String first, String rest, Map<String, List<Span>> children, StringBuilder out) {
    Map<String, String> a = attributes(span);
    out.append(first)
        .append(span.getName())
        .append("  ")
        .append(span.getKind().name().replace("SPAN_KIND_", "").toLowerCase(java.util.Locale.ROOT))
        .append(a.containsKey("honeyhive_event_type") ? "  " + a.get("honeyhive_event_type") : "")
        .append('\n');
    List<Span> kids = children.getOrDefault(id(span.getSpanId()), List.of());
    kids = kids.stream().sorted(java.util.Comparator.comparingLong(Span::getStartTimeUnixNano)).collect(Collectors.toList());
    for (int k = 0; k < kids.size(); k++) {
      boolean last = k == kids.size() - 1;
      print(kids.get(k), rest + (last ? "└─ " : "├─ "), rest + (last ? "   " : "│  "), children, out);
    }
  }
}
