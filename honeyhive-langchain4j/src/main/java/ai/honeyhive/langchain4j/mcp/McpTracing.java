package ai.honeyhive.langchain4j.mcp;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.ERROR_TYPE;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_PROMPT_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_CALL_ARGUMENTS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.JSONRPC_REQUEST_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.MCP_METHOD_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.MCP_RESOURCE_URI;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.MCP_SESSION_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.NETWORK_PROTOCOL_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.NETWORK_TRANSPORT;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.RPC_RESPONSE_STATUS_CODE;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.Operations;
import ai.honeyhive.langchain4j.internal.IdentityKey;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.SessionAttributes;
import ai.honeyhive.langchain4j.internal.ToolSpans;
import ai.honeyhive.langchain4j.internal.content.Values;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.mcp.client.McpCallContext;
import dev.langchain4j.mcp.client.McpClientListener;
import dev.langchain4j.mcp.client.McpException;
import dev.langchain4j.mcp.client.McpGetPromptResult;
import dev.langchain4j.mcp.client.McpHeadersSupplier;
import dev.langchain4j.mcp.client.McpMetaSupplier;
import dev.langchain4j.mcp.client.McpPrompt;
import dev.langchain4j.mcp.client.McpReadResourceResult;
import dev.langchain4j.mcp.client.McpResource;
import dev.langchain4j.mcp.client.McpResourceTemplate;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.protocol.McpCallToolParams;
import dev.langchain4j.mcp.protocol.McpClientMessage;
import dev.langchain4j.mcp.protocol.McpClientMethod;
import dev.langchain4j.mcp.protocol.McpClientParams;
import dev.langchain4j.mcp.protocol.McpClientRequest;
import dev.langchain4j.mcp.protocol.McpGetPromptParams;
import dev.langchain4j.mcp.protocol.McpReadResourceParams;
import dev.langchain4j.mcp.protocol.McpSubscribeResourceParams;
import dev.langchain4j.mcp.protocol.McpUnsubscribeResourceParams;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * MCP client spans, after OpenTelemetry's MCP conventions, and the trace context each request
 * carries to the server in {@code params._meta} (and in HTTP headers). Loaded only where {@link
 * LangChain4jFeatures#MCP} holds.
 *
 * <p>LangChain4j's {@code DefaultMcpClient} calls a listener's before and after callbacks on the
 * thread that makes the request and hands the meta and headers suppliers the same message object,
 * so a request's span is found by the identity of its message. List requests are the exception:
 * the listener sees one message, and each page goes out as another, with its own id; a page is
 * matched to the list call open on its thread.
 */
final class McpTracing {

  static final int MAX_OPEN = 10_000;

  /** SEP-414 reserves the unprefixed W3C keys in {@code _meta}; other propagators' keys would not be read. */
  private static final TextMapPropagator W3C =
      TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

  private final Instrumentation instrumentation;
  private final String sessionId;
  private final ConcurrentHashMap<IdentityKey, Call> open = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Thread, Call> openLists = new ConcurrentHashMap<>();

  final McpClientListener listener;
  final McpMetaSupplier metaSupplier = this::meta;
  final McpHeadersSupplier headersSupplier = this::headers;

  McpTracing(Instrumentation instrumentation, String sessionId) {
    this.instrumentation = instrumentation;
    this.sessionId = sessionId;
    this.listener = new Listener(Transport.UNKNOWN);
  }

  /** A listener whose spans also say how {@code transport} reaches the server. */
  McpClientListener listener(McpTransport transport) {
    return new Listener(Transport.of(transport));
  }

  /** One request in flight. */
  private static final class Call {
    final Span span;
    final Context context;
    final McpClientMethod method;
    final boolean list;
    /** A tool call not under our execute_tool span, which records arguments and result itself. */
    final boolean standalone;
    final List<IdentityKey> pages = new ArrayList<>(1);

    Call(Span span, Context context, McpClientMethod method, boolean list, boolean standalone) {
      this.span = span;
      this.context = context;
      this.method = method;
      this.list = list;
      this.standalone = standalone;
    }
  }

  /** What a listener knows of its client's transport, for {@code network.*} and {@code mcp.session.id}. */
  private static final class Transport {
    static final Transport UNKNOWN = new Transport(null, null, null);

    final String network;
    final String protocol;
    final Supplier<String> sessionId;

    private Transport(String network, String protocol, Supplier<String> sessionId) {
      this.network = network;
      this.protocol = protocol;
      this.sessionId = sessionId;
    }

    /** By class name, so that a transport class this module version lacks is never loaded. */
    static Transport of(McpTransport transport) {
      for (Class<?> c = transport.getClass(); c != null; c = c.getSuperclass()) {
        switch (c.getName()) {
          case "dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport":
            return new Transport("pipe", null, null);
          case "dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport":
            StreamableHttpMcpTransport http = (StreamableHttpMcpTransport) transport;
            return new Transport("tcp", "http", http::getMcpSessionId);
          case "dev.langchain4j.mcp.client.transport.http.HttpMcpTransport":
            return new Transport("tcp", "http", null);
          case "dev.langchain4j.mcp.client.transport.websocket.WebSocketMcpTransport":
            return new Transport("tcp", "websocket", null);
          default:
            // keep looking: a subclass of a known transport
        }
      }
      return UNKNOWN;
    }
  }

  // --- spans ---

  private void start(McpCallContext context, Transport transport) {
    try {
      McpClientMessage message = context == null ? null : context.message();
      if (message == null || message.method == null) {
        return;
      }
      McpClientMethod method = message.method;
      String name = methodName(method);
      boolean toolCall = "tools/call".equals(name);
      Context parent = null;
      if (toolCall) {
        InvocationContext invocation = context.invocationContext();
        UUID invocationId = invocation == null ? null : invocation.invocationId();
        parent = instrumentation.runningTools.current(invocationId);
      }
      // Under our execute_tool span the tool's arguments and result are recorded already.
      boolean standalone = parent == null;
      if (parent == null) {
        parent = Context.current();
      }
      if ("ping".equals(name) && !Span.fromContext(parent).getSpanContext().isValid()) {
        // LangChain4j's health check pings every 30 s on its own thread: one trace each, noise.
        return;
      }
      McpClientParams params = message instanceof McpClientRequest ? ((McpClientRequest) message).getParams() : null;
      String target = target(params);
      SpanBuilder builder =
          instrumentation
              .spanBuilder(target == null ? name : name + ' ' + target, SpanKind.CLIENT, parent, EventTypes.TOOL)
              .setAttribute(MCP_METHOD_NAME, name);
      boolean list = isList(name);
      // A list request's pages are sent with ids of their own; the first page's is set from meta().
      if (!list && message.getId() != null) {
        builder.setAttribute(JSONRPC_REQUEST_ID, String.valueOf(message.getId()));
      }
      if (toolCall) {
        builder.setAttribute(GEN_AI_OPERATION_NAME, Operations.EXECUTE_TOOL);
        if (target != null) {
          builder.setAttribute(GEN_AI_TOOL_NAME, target);
        }
        if (standalone && instrumentation.captureContent && params instanceof McpCallToolParams) {
          Object arguments = ((McpCallToolParams) params).getArguments();
          if (arguments != null) {
            String json = arguments.toString();
            builder.setAttribute(GEN_AI_TOOL_CALL_ARGUMENTS, instrumentation.content.apply(json));
            Values.flattenJsonInto(builder, HONEYHIVE_INPUTS_PREFIX, json, instrumentation.content);
          }
        }
      } else if (params instanceof McpGetPromptParams && target != null) {
        builder.setAttribute(GEN_AI_PROMPT_NAME, target);
      }
      String uri = resourceUri(params);
      if (uri != null) {
        builder.setAttribute(MCP_RESOURCE_URI, uri);
      }
      if (transport.network != null) {
        builder.setAttribute(NETWORK_TRANSPORT, transport.network);
      }
      if (transport.protocol != null) {
        builder.setAttribute(NETWORK_PROTOCOL_NAME, transport.protocol);
      }
      Span span = builder.startSpan();
      Call call = new Call(span, parent.with(span), method, list, toolCall && standalone);
      if (open.size() >= MAX_OPEN) {
        // After callbacks that never came (a request that threw before its response).
        open.clear();
        openLists.clear();
      }
      open.put(new IdentityKey(message), call);
      if (list) {
        openLists.put(Thread.currentThread(), call);
      }
    } catch (Throwable t) {
      instrumentation.failures.record("McpClientListener.before", t);
    }
  }

  private Call take(McpCallContext context) {
    McpClientMessage message = context == null ? null : context.message();
    if (message == null) {
      return null;
    }
    Call call = open.remove(new IdentityKey(message));
    if (call != null) {
      for (IdentityKey page : call.pages) {
        open.remove(page);
      }
      if (call.list) {
        openLists.remove(Thread.currentThread(), call);
      }
    }
    return call;
  }

  private void end(McpCallContext context, Transport transport, ToolExecutionResult toolResult) {
    Call call = take(context);
    if (call == null) {
      return;
    }
    Span span = call.span;
    try {
      session(span, transport);
      if (toolResult != null) {
        String text = toolResult.resultText();
        if (call.standalone && instrumentation.captureContent && text != null && !toolResult.isError()) {
          ToolSpans.result(span, instrumentation.content.apply(text));
        }
        if (toolResult.isError()) {
          // The tool ran and reported a failure (CallToolResult.isError): a tool error, not a protocol one.
          String message = text == null || text.isEmpty() ? "tool error" : text;
          Instrumentation.recordFailure(span, "tool_error", message);
        }
      }
    } catch (Throwable t) {
      instrumentation.failures.record("McpClientListener.after", t);
    } finally {
      span.end();
    }
  }

  private void fail(McpCallContext context, Transport transport, Throwable error) {
    Call call = take(context);
    if (call == null) {
      return;
    }
    Span span = call.span;
    try {
      session(span, transport);
      Throwable cause = unwrap(error);
      Instrumentation.recordError(span, cause);
      Integer code = jsonRpcCode(cause);
      if (code != null) {
        span.setAttribute(ERROR_TYPE, String.valueOf(code));
        span.setAttribute(RPC_RESPONSE_STATUS_CODE, String.valueOf(code));
        if (cause instanceof McpException && ((McpException) cause).errorMessage() != null) {
          // The status says what the server said: JSON-RPC's error.message.
          span.setStatus(StatusCode.ERROR, ((McpException) cause).errorMessage());
        }
      } else if (cause instanceof java.util.concurrent.TimeoutException) {
        span.setAttribute(ERROR_TYPE, "timeout");
      }
    } catch (Throwable t) {
      instrumentation.failures.record("McpClientListener.onError", t);
    } finally {
      span.end();
    }
  }

  private static void session(Span span, Transport transport) {
    if (transport.sessionId != null) {
      String id = transport.sessionId.get();
      if (id != null && !id.isEmpty()) {
        span.setAttribute(MCP_SESSION_ID, id);
      }
    }
  }

  // --- context propagation ---

  /**
   * The context a request goes out under: its span's, when the listener started one for it (or for
   * the list it is a page of), else the caller's.
   */
  private Context contextOf(McpCallContext context) {
    McpClientMessage message = context == null ? null : context.message();
    if (message == null) {
      return Context.current();
    }
    IdentityKey key = new IdentityKey(message);
    Call call = open.get(key);
    if (call != null) {
      return call.context;
    }
    Call list = openLists.get(Thread.currentThread());
    if (list != null && list.method == message.method) {
      // A page of the list request open on this thread; the request id the server sees is this one.
      if (list.pages.isEmpty() && message.getId() != null) {
        list.span.setAttribute(JSONRPC_REQUEST_ID, String.valueOf(message.getId()));
      }
      list.pages.add(key);
      open.put(key, list);
      return list.context;
    }
    return Context.current();
  }

  /** {@code traceparent}, {@code tracestate} and {@code baggage}, the baggage with the session id. */
  private Map<String, String> carrier(Context context) {
    Baggage baggage = Baggage.fromContext(context);
    String session = baggage.getEntryValue(SessionAttributes.BAGGAGE_SESSION_ID);
    if (session == null || session.isBlank()) {
      context = context.with(baggage.toBuilder().put(SessionAttributes.BAGGAGE_SESSION_ID, sessionId).build());
    }
    Map<String, String> carrier = new LinkedHashMap<>();
    W3C.inject(context, carrier, (map, key, value) -> map.put(key, value));
    return carrier;
  }

  private Map<String, Object> meta(McpCallContext context) {
    try {
      return new LinkedHashMap<>(carrier(contextOf(context)));
    } catch (Throwable t) {
      instrumentation.failures.record("McpMetaSupplier", t);
      return Map.of();
    }
  }

  private Map<String, String> headers(McpCallContext context) {
    try {
      return carrier(contextOf(context));
    } catch (Throwable t) {
      instrumentation.failures.record("McpHeadersSupplier", t);
      return Map.of();
    }
  }

  // --- what a message says ---

  /** The method's name on the wire, as LangChain4j's enum serialises it. */
  static String methodName(McpClientMethod method) {
    switch (method.name()) {
      case "INITIALIZE":
        return "initialize";
      case "PING":
        return "ping";
      case "TOOLS_CALL":
        return "tools/call";
      case "TOOLS_LIST":
        return "tools/list";
      case "RESOURCES_LIST":
        return "resources/list";
      case "RESOURCES_READ":
        return "resources/read";
      case "RESOURCES_TEMPLATES_LIST":
        return "resources/templates/list";
      case "RESOURCES_SUBSCRIBE":
        return "resources/subscribe";
      case "RESOURCES_UNSUBSCRIBE":
        return "resources/unsubscribe";
      case "PROMPTS_LIST":
        return "prompts/list";
      case "PROMPTS_GET":
        return "prompts/get";
      default:
        try {
          JsonProperty wire = McpClientMethod.class.getField(method.name()).getAnnotation(JsonProperty.class);
          if (wire != null && !wire.value().isEmpty()) {
            return wire.value();
          }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ignored) {
          // fall through
        }
        return method.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static boolean isList(String name) {
    return name.endsWith("/list");
  }

  /** The tool or prompt the request names: the low-cardinality part of the span name. */
  private static String target(McpClientParams params) {
    if (params instanceof McpCallToolParams) {
      return ((McpCallToolParams) params).getName();
    }
    if (params instanceof McpGetPromptParams) {
      return ((McpGetPromptParams) params).getName();
    }
    return null;
  }

  private static String resourceUri(McpClientParams params) {
    if (params instanceof McpReadResourceParams) {
      return ((McpReadResourceParams) params).getUri();
    }
    if (params instanceof McpSubscribeResourceParams) {
      return ((McpSubscribeResourceParams) params).getUri();
    }
    if (params instanceof McpUnsubscribeResourceParams) {
      return ((McpUnsubscribeResourceParams) params).getUri();
    }
    return null;
  }

  /** The failure itself, not LangChain4j's wrappers around it. */
  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    for (int i = 0; i < 8 && t != null && t.getCause() != null; i++) {
      boolean wrapper =
          t instanceof java.util.concurrent.ExecutionException
              || t instanceof java.util.concurrent.CompletionException
              || (t.getClass() == RuntimeException.class && t.getMessage() != null
                  && t.getMessage().equals(t.getCause().toString()));
      if (!wrapper) {
        break;
      }
      t = t.getCause();
    }
    return t;
  }

  /** The JSON-RPC error code the server answered with, if the failure carries one. */
  private static Integer jsonRpcCode(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof McpException) {
        return ((McpException) t).errorCode();
      }
      if (t instanceof ToolExecutionException && ((ToolExecutionException) t).errorCode() != null) {
        return ((ToolExecutionException) t).errorCode();
      }
      if (t instanceof ToolArgumentsException && ((ToolArgumentsException) t).errorCode() != null) {
        return ((ToolArgumentsException) t).errorCode();
      }
    }
    return null;
  }

  int openCalls() {
    return open.size();
  }

  /** The callbacks, for one client (its transport known) or any (unknown). */
  private final class Listener implements McpClientListener {
    private final Transport transport;

    Listener(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void beforeInitialize(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterInitialize(McpCallContext context) {
      end(context, transport, null);
    }

    @Override
    public void onInitializeError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforeExecuteTool(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterExecuteTool(McpCallContext context, ToolExecutionResult result, Map<String, Object> rawResult) {
      end(context, transport, result);
    }

    @Override
    public void onExecuteToolError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforeToolsList(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterToolsList(McpCallContext context, List<ToolSpecification> toolSpecifications) {
      end(context, transport, null);
    }

    @Override
    public void onToolsListError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforeResourceGet(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterResourceGet(McpCallContext context, McpReadResourceResult result, Map<String, Object> rawResult) {
      end(context, transport, null);
    }

    @Override
    public void onResourceGetError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforeResourcesList(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterResourcesList(McpCallContext context, List<McpResource> resources) {
      end(context, transport, null);
    }

    @Override
    public void onResourcesListError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforeResourceTemplatesList(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterResourceTemplatesList(McpCallContext context, List<McpResourceTemplate> templates) {
      end(context, transport, null);
    }

    @Override
    public void onResourceTemplatesListError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforeResourceSubscribe(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterResourceSubscribe(McpCallContext context) {
      end(context, transport, null);
    }

    @Override
    public void onResourceSubscribeError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforeResourceUnsubscribe(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterResourceUnsubscribe(McpCallContext context) {
      end(context, transport, null);
    }

    @Override
    public void onResourceUnsubscribeError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforePromptGet(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterPromptGet(McpCallContext context, McpGetPromptResult result, Map<String, Object> rawResult) {
      end(context, transport, null);
    }

    @Override
    public void onPromptGetError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforePromptsList(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterPromptsList(McpCallContext context, List<McpPrompt> prompts) {
      end(context, transport, null);
    }

    @Override
    public void onPromptsListError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }

    @Override
    public void beforePing(McpCallContext context) {
      start(context, transport);
    }

    @Override
    public void afterPing(McpCallContext context) {
      end(context, transport, null);
    }

    @Override
    public void onPingError(McpCallContext context, Throwable error) {
      fail(context, transport, error);
    }
  }
}
