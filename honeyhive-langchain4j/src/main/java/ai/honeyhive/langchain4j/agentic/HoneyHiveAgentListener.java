package ai.honeyhive.langchain4j.agentic;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_AGENT_DESCRIPTION;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_AGENT_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_AGENT_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_CONVERSATION_ID;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OPERATION_NAME;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_AGENT_SUSPENDED;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_AGENT_TOPOLOGY;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.EventTypes;
import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.Operations;
import ai.honeyhive.langchain4j.internal.IdentityKey;
import ai.honeyhive.langchain4j.internal.Instrumentation;
import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import ai.honeyhive.langchain4j.internal.ToolSpans;
import ai.honeyhive.langchain4j.internal.aiservices.AiServiceEvents;
import ai.honeyhive.langchain4j.internal.aiservices.AiServiceHooks;
import ai.honeyhive.langchain4j.internal.content.Values;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agentic.agent.AgentInvocationException;
import dev.langchain4j.agentic.observability.AfterAgentToolExecution;
import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.observability.BeforeAgentToolExecution;
import dev.langchain4j.agentic.planner.AgentInstance;
import dev.langchain4j.agentic.planner.AgenticSystemTopology;
import dev.langchain4j.agentic.scope.AgenticScope;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Agent spans for LangChain4j's agentic module: one {@code invoke_agent {name}} span per agent
 * invocation, workflows (sequence, loop, parallel, conditional, supervisor) above their sub-agents,
 * and the agents' tool calls as tool spans. Its types exist only with {@code langchain4j-agentic},
 * so this class is loaded only where {@link LangChain4jFeatures#AGENTIC} holds.
 *
 * <p>LangChain4j calls {@code beforeAgentInvocation} and then {@code afterAgentInvocation} or
 * {@code onAgentInvocationError} around each agent, on the thread that runs it, nested as the calls
 * are. So, unlike a chat model's callbacks, the agent's span is made current between the two: the
 * model calls, tools and user code inside the agent nest beneath it. The scope is closed on that
 * same thread; an invocation whose end never came (an agent that suspended the system by throwing)
 * is ended, and its scope closed, when the invocation around it ends.
 *
 * <p>A parallel workflow runs its sub-agents on other threads, where no context of ours is current.
 * An agent's parent span is therefore found from the agent's {@code parent()} and the agentic
 * scope: the open invocation of that parent agent in that scope. The same holds for tools run on
 * other threads.
 */
final class HoneyHiveAgentListener implements AgentListener {

  /** Agentic scopes with invocations under way; past this, the bookkeeping is dropped (never-ended ones). */
  static final int MAX_OPEN_SCOPES = 10_000;

  static final int MAX_OPEN_PER_SCOPE = 1_000;

  /** Tool calls under way; past this, those whose after hook never came are dropped. */
  static final int MAX_OPEN_TOOLS = 10_000;

  /** The span event of a suspension (human in the loop). */
  static final String SUSPENDED_EVENT = "agentic_system_suspended";

  private static final AttributeKey<List<String>> PENDING_RESPONSE_IDS =
      AttributeKey.stringArrayKey("pending_response_ids");

  private static final ContextKey<Invocation> INVOCATION =
      ContextKey.named("ai.honeyhive.langchain4j.agent-invocation");

  private final Instrumentation instrumentation;

  /** Open invocations, by agentic scope (identity): the few agents of one run that are under way. */
  private final ConcurrentHashMap<IdentityKey, List<Invocation>> open = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<IdentityKey, Span> openTools = new ConcurrentHashMap<>();

  HoneyHiveAgentListener(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  /** One agent invocation: its span, the context made current for it, and where it runs. */
  private static final class Invocation {
    final Object agenticScope;
    final String agentId;
    final Map<String, Object> inputs;
    final Span span;
    /** The invocation this one runs inside (its parent agent's), possibly on another thread. */
    final Invocation enclosing;
    final Thread thread = Thread.currentThread();
    final AtomicBoolean ended = new AtomicBoolean();
    volatile Context context;
    volatile Scope scope;

    Invocation(Object agenticScope, String agentId, Map<String, Object> inputs, Span span, Invocation enclosing) {
      this.agenticScope = agenticScope;
      this.agentId = agentId;
      this.inputs = inputs;
      this.span = span;
      this.enclosing = enclosing;
    }

    boolean is(Object scope, String id) {
      return agenticScope == scope && Objects.equals(agentId, id) && !ended.get();
    }
  }

  @Override
  public boolean inheritedBySubagents() {
    return true;
  }

  @Override
  public void beforeAgentInvocation(AgentRequest request) {
    try {
      start(request.agenticScope(), request.agent(), request.inputs());
    } catch (Throwable t) {
      instrumentation.failures.record("AgentListener.beforeAgentInvocation", t);
    }
  }

  @Override
  public void afterAgentInvocation(AgentResponse response) {
    try {
      AgentInstance agent = response.agent();
      Invocation invocation = find(response.agenticScope(), agent.agentId(), response.inputs());
      if (invocation != null) {
        finish(invocation, span -> output(span, agent, response.output()));
      }
    } catch (Throwable t) {
      instrumentation.failures.record("AgentListener.afterAgentInvocation", t);
    }
  }

  @Override
  public void onAgentInvocationError(AgentInvocationError error) {
    try {
      Invocation invocation = find(error.agenticScope(), error.agent().agentId(), error.inputs());
      if (invocation != null) {
        finish(invocation, span -> Instrumentation.recordError(span, cause(error.error())));
      }
    } catch (Throwable t) {
      instrumentation.failures.record("AgentListener.onAgentInvocationError", t);
    }
  }

  /**
   * The workflow that suspends (human in the loop) gets an event and ends: LangChain4j reports no
   * other end for it. Resuming it later starts a new invocation, so a new trace.
   */
  @Override
  public void onAgenticSystemSuspended(AgenticScope agenticScope) {
    try {
      Invocation invocation = null;
      for (Invocation x = Context.current().get(INVOCATION); x != null; x = x.enclosing) {
        if (x.agenticScope == agenticScope && !x.ended.get() && x.thread == Thread.currentThread()) {
          invocation = x;
          break;
        }
      }
      if (invocation != null) {
        Attributes pending = pendingResponses(agenticScope);
        finish(
            invocation,
            span -> {
              span.setAttribute(HONEYHIVE_AGENT_SUSPENDED, true);
              span.addEvent(SUSPENDED_EVENT, pending);
            });
      }
    } catch (Throwable t) {
      instrumentation.failures.record("AgentListener.onAgenticSystemSuspended", t);
    }
  }

  @Override
  public void beforeAgentToolExecution(BeforeAgentToolExecution before) {
    try {
      ToolExecutionRequest request = before.toolExecution().request();
      Context parent = agentContext(scopeOf(before), before.agentInstance().agentId());
      Span span = ToolSpans.builder(instrumentation, request, parent).startSpan();
      if (openTools.size() >= MAX_OPEN_TOOLS) {
        openTools.clear();
      }
      openTools.put(new IdentityKey(request), span);
      // So that an MCP request the tool makes on this thread nests under the tool's span.
      UUID invocationId =
          LangChain4jFeatures.TOOL_INVOCATION_CONTEXT ? AiServiceEvents.invocationId(before.toolExecution()) : null;
      instrumentation.runningTools.started(invocationId, span, parent);
    } catch (Throwable t) {
      instrumentation.failures.record("AgentListener.beforeAgentToolExecution", t);
    }
  }

  @Override
  public void afterAgentToolExecution(AfterAgentToolExecution after) {
    try {
      ToolExecution execution = after.toolExecution();
      Span span = openTools.remove(new IdentityKey(execution.request()));
      if (span != null) {
        instrumentation.runningTools.ended(span);
      }
      Instant end = null;
      if (span == null) {
        // The before hook did not reach us: rebuild the span from the times the execution reports.
        SpanBuilder builder =
            ToolSpans.builder(
                instrumentation, execution.request(), agentContext(scopeOf(after), after.agentInstance().agentId()));
        if (execution.startTime() != null) {
          builder.setStartTimestamp(AiServiceHooks.instant(execution.startTime()));
        }
        span = builder.startSpan();
        end = execution.finishTime() == null ? null : AiServiceHooks.instant(execution.finishTime());
      }
      try {
        AiServiceHooks.toolOutcome(instrumentation, span, execution);
      } finally {
        if (end != null) {
          span.end(end);
        } else {
          span.end();
        }
      }
    } catch (Throwable t) {
      instrumentation.failures.record("AgentListener.afterAgentToolExecution", t);
    }
  }

  private void start(AgenticScope agenticScope, AgentInstance agent, Map<String, Object> inputs) {
    AgentInstance parentAgent = agent.parent();
    Context parent = parentAgent == null ? Context.current() : agentContext(agenticScope, parentAgent.agentId());
    String name = agent.name() == null || agent.name().isBlank() ? "agent" : agent.name();
    String agentId = agent.agentId();
    SpanBuilder builder =
        instrumentation
            .spanBuilder(
                Operations.INVOKE_AGENT + ' ' + name, SpanKind.INTERNAL, parent, EventTypes.CHAIN, parentAgent == null)
            .setAttribute(GEN_AI_OPERATION_NAME, Operations.INVOKE_AGENT)
            .setAttribute(GEN_AI_AGENT_NAME, name);
    if (agentId != null) {
      builder.setAttribute(GEN_AI_AGENT_ID, agentId);
    }
    String description = agent.description();
    if (description != null && !description.isBlank()) {
      builder.setAttribute(GEN_AI_AGENT_DESCRIPTION, description);
    }
    AgenticSystemTopology topology = agent.topology();
    if (topology != null) {
      builder.setAttribute(HONEYHIVE_AGENT_TOPOLOGY, topology.name().toLowerCase(Locale.ROOT));
    }
    Object memoryId = agenticScope == null ? null : agenticScope.memoryId();
    String conversationId = memoryId == null ? null : String.valueOf(memoryId);
    if (conversationId != null) {
      builder.setAttribute(GEN_AI_CONVERSATION_ID, conversationId);
    }
    if (instrumentation.captureContent && inputs != null) {
      inputs(builder, inputs);
    }
    Span span = builder.startSpan();
    try {
      Invocation invocation = new Invocation(agenticScope, agentId, inputs, span, parent.get(INVOCATION));
      Context context = parent.with(span).with(INVOCATION, invocation);
      if (conversationId != null) {
        context = context.with(Instrumentation.CONVERSATION_ID, conversationId);
      }
      invocation.context = context;
      track(invocation);
      invocation.scope = context.makeCurrent();
    } catch (Throwable t) {
      span.end();
      throw t;
    }
  }

  /** Ends {@code invocation} once: {@code last} adds its outcome, then its scope closes and it ends. */
  private void finish(Invocation invocation, Consumer<Span> last) {
    if (!invocation.ended.compareAndSet(false, true)) {
      return;
    }
    untrack(invocation);
    try {
      last.accept(invocation.span);
    } catch (Throwable t) {
      instrumentation.failures.record("agent span outcome", t);
    } finally {
      try {
        closeScope(invocation);
      } catch (Throwable t) {
        instrumentation.failures.record("agent scope", t);
      }
      invocation.span.end();
    }
  }

  /**
   * Closes the invocation's scope, on its own thread only (another thread's cannot be closed). The
   * invocations above it on this thread whose end never came are ended and their scopes closed
   * first, innermost first, so that the thread's context unwinds in order to what it was before.
   */
  private void closeScope(Invocation invocation) {
    Thread here = Thread.currentThread();
    if (invocation.thread != here || invocation.scope == null) {
      return;
    }
    Invocation top = Context.current().get(INVOCATION);
    boolean above = false;
    for (Invocation x = top; x != null; x = x.enclosing) {
      if (x == invocation) {
        above = true;
        break;
      }
    }
    if (above) {
      for (Invocation x = top; x != invocation; x = x.enclosing) {
        if (x.thread == here && x.ended.compareAndSet(false, true)) {
          untrack(x);
          if (x.scope != null) {
            x.scope.close();
          }
          x.span.end();
        }
      }
    }
    invocation.scope.close();
  }

  /**
   * The context of the open invocation of agent {@code agentId} in {@code agenticScope}: on this
   * thread's context if it is there (the common case), else the one tracked for the scope (a
   * sub-agent or tool on another thread); else the current context.
   */
  private Context agentContext(Object agenticScope, String agentId) {
    Context current = Context.current();
    Invocation top = current.get(INVOCATION);
    for (Invocation x = top; x != null; x = x.enclosing) {
      if (x.is(agenticScope, agentId)) {
        // The current context may hold more than ours (a span the user's agent code started).
        return x == top ? current : x.context;
      }
    }
    Invocation tracked = tracked(agenticScope, agentId, null);
    return tracked != null ? tracked.context : current;
  }

  /** The open invocation an after- or error callback reports on: on this thread's context first. */
  private Invocation find(Object agenticScope, String agentId, Map<String, Object> inputs) {
    for (Invocation x = Context.current().get(INVOCATION); x != null; x = x.enclosing) {
      if (x.is(agenticScope, agentId)) {
        return x;
      }
    }
    return tracked(agenticScope, agentId, inputs);
  }

  private void track(Invocation invocation) {
    if (open.size() >= MAX_OPEN_SCOPES) {
      open.clear();
    }
    open.compute(
        new IdentityKey(invocation.agenticScope),
        (k, list) -> {
          List<Invocation> invocations = list == null ? new ArrayList<>(4) : list;
          if (invocations.size() >= MAX_OPEN_PER_SCOPE) {
            invocations.remove(0);
          }
          invocations.add(invocation);
          return invocations;
        });
  }

  private void untrack(Invocation invocation) {
    open.computeIfPresent(
        new IdentityKey(invocation.agenticScope),
        (k, list) -> {
          list.remove(invocation);
          return list.isEmpty() ? null : list;
        });
  }

  /**
   * The latest open invocation of {@code agentId} in the scope; with {@code inputs}, the one called
   * with that very map first (two concurrent invocations of one agent, as a parallel mapper makes).
   */
  private Invocation tracked(Object agenticScope, String agentId, Map<String, Object> inputs) {
    Invocation[] found = new Invocation[1];
    open.computeIfPresent(
        new IdentityKey(agenticScope),
        (k, list) -> {
          for (int i = list.size() - 1; i >= 0 && found[0] == null; i--) {
            Invocation x = list.get(i);
            if (inputs != null && x.inputs == inputs && x.is(agenticScope, agentId)) {
              found[0] = x;
            }
          }
          for (int i = list.size() - 1; i >= 0 && found[0] == null; i--) {
            if (list.get(i).is(agenticScope, agentId)) {
              found[0] = list.get(i);
            }
          }
          return list;
        });
    return found[0];
  }

  /**
   * The state the agent read: its arguments, by name. Not recorded: the agentic scope itself, and
   * the planners' own bookkeeping, which LangChain4j keeps in the state under {@code __} names.
   */
  private void inputs(SpanBuilder builder, Map<String, Object> inputs) {
    for (Map.Entry<String, Object> e : inputs.entrySet()) {
      String name = inputName(e.getKey());
      Object value = e.getValue();
      if (name == null || value == null || value instanceof AgenticScope) {
        continue;
      }
      Values.put(builder, HONEYHIVE_INPUTS_PREFIX + name, recordable(value), instrumentation.content);
    }
  }

  /**
   * LangChain4j names an argument without {@code @V} after its annotation ({@code @MemoryId},
   * {@code @UserMessage}); those get the names the AI-service decorator gives them.
   */
  private static String inputName(String key) {
    if (key == null || key.isEmpty() || key.startsWith("__")) {
      return null;
    }
    switch (key) {
      case "@MemoryId":
        return "memory_id";
      case "@UserMessage":
        return "user_message";
      default:
        return key;
    }
  }

  /** What the agent wrote: under its output key in the agentic scope, else {@code result}. */
  private void output(Span span, AgentInstance agent, Object output) {
    if (!instrumentation.captureContent || output == null || output instanceof AgenticScope) {
      return;
    }
    String key = agent.outputKey();
    String name = key == null || key.isBlank() ? "result" : key;
    Values.put(span, HONEYHIVE_OUTPUTS_PREFIX + name, recordable(output), instrumentation.content);
  }

  /**
   * A value as it can be recorded without side effects: a stream not yet consumed, or one of the
   * agentic module's pending-result wrappers (reading which could block), is named, not read.
   */
  private static Object recordable(Object value) {
    if (value instanceof TokenStream) {
      return "[TokenStream]";
    }
    if (value.getClass().getName().startsWith("dev.langchain4j.agentic.internal.")) {
      return "[" + value.getClass().getSimpleName() + "]";
    }
    return value;
  }

  /**
   * What the agent threw, without the wrappers LangChain4j adds around it ({@code
   * AgentInvocationException} and reflection's), so the span names the real error.
   */
  static Throwable cause(Throwable error) {
    Throwable e = error;
    for (int depth = 0; depth < 16 && e != null && e.getCause() != null; depth++) {
      if (e instanceof AgentInvocationException
          || e instanceof InvocationTargetException
          || e instanceof UndeclaredThrowableException) {
        e = e.getCause();
      } else {
        break;
      }
    }
    return e;
  }

  private static Attributes pendingResponses(AgenticScope agenticScope) {
    try {
      Set<String> ids = agenticScope.pendingResponseIds();
      if (ids != null && !ids.isEmpty()) {
        return Attributes.of(PENDING_RESPONSE_IDS, List.copyOf(new TreeSet<>(ids)));
      }
    } catch (Throwable ignored) {
      // Optional detail; a scope that cannot say still gets the event.
    }
    return Attributes.empty();
  }

  /** The agentic scope the tool runs in, from the tool's invocation context; null if it has none. */
  private static Object scopeOf(BeforeAgentToolExecution before) {
    try {
      return before.agenticScope();
    } catch (RuntimeException noInvocationContext) {
      return null;
    }
  }

  private static Object scopeOf(AfterAgentToolExecution after) {
    try {
      return after.agenticScope();
    } catch (RuntimeException noInvocationContext) {
      return null;
    }
  }

  /** Invocations begun and not yet ended; for tests. */
  int openInvocations() {
    int n = 0;
    for (List<Invocation> list : open.values()) {
      n += list.size();
    }
    return n;
  }

  int openTools() {
    return openTools.size();
  }
}
