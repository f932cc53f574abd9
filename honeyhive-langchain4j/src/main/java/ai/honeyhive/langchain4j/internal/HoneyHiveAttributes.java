package ai.honeyhive.langchain4j.internal;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/** Every attribute key we write, declared once. */
/** Internal: not part of the public API; may change at any time. */
public final class HoneyHiveAttributes {

  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_OPERATION_NAME = stringKey("gen_ai.operation.name");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_PROVIDER_NAME = stringKey("gen_ai.provider.name");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = stringKey("gen_ai.request.model");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Double> GEN_AI_REQUEST_TEMPERATURE =
      doubleKey("gen_ai.request.temperature");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Double> GEN_AI_REQUEST_TOP_P = doubleKey("gen_ai.request.top_p");
  // copied from GenAiIncubatingAttributes (a double there, although LangChain4j's top_k is an int)
  public static final AttributeKey<Double> GEN_AI_REQUEST_TOP_K = doubleKey("gen_ai.request.top_k");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Long> GEN_AI_REQUEST_MAX_TOKENS = longKey("gen_ai.request.max_tokens");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Double> GEN_AI_REQUEST_FREQUENCY_PENALTY =
      doubleKey("gen_ai.request.frequency_penalty");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Double> GEN_AI_REQUEST_PRESENCE_PENALTY =
      doubleKey("gen_ai.request.presence_penalty");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<List<String>> GEN_AI_REQUEST_STOP_SEQUENCES =
      stringArrayKey("gen_ai.request.stop_sequences");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Long> GEN_AI_REQUEST_SEED = longKey("gen_ai.request.seed");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Boolean> GEN_AI_REQUEST_STREAM = booleanKey("gen_ai.request.stream");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_OUTPUT_TYPE = stringKey("gen_ai.output.type");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_RESPONSE_ID = stringKey("gen_ai.response.id");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_RESPONSE_MODEL = stringKey("gen_ai.response.model");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<List<String>> GEN_AI_RESPONSE_FINISH_REASONS =
      stringArrayKey("gen_ai.response.finish_reasons");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Long> GEN_AI_USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Long> GEN_AI_USAGE_OUTPUT_TOKENS =
      longKey("gen_ai.usage.output_tokens");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Long> GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_read.input_tokens");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Long> GEN_AI_USAGE_REASONING_OUTPUT_TOKENS =
      longKey("gen_ai.usage.reasoning.output_tokens");
  // Semconv content attributes are of type "any"; the Java semconv artifact has no constant for
  // them. We write them as JSON strings, as the GenAI conventions allow.
  public static final AttributeKey<String> GEN_AI_INPUT_MESSAGES = stringKey("gen_ai.input.messages");
  public static final AttributeKey<String> GEN_AI_OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");
  public static final AttributeKey<String> GEN_AI_SYSTEM_INSTRUCTIONS =
      stringKey("gen_ai.system_instructions");
  public static final AttributeKey<String> GEN_AI_TOOL_DEFINITIONS = stringKey("gen_ai.tool.definitions");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_CONVERSATION_ID = stringKey("gen_ai.conversation.id");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_AGENT_NAME = stringKey("gen_ai.agent.name");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_AGENT_ID = stringKey("gen_ai.agent.id");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_AGENT_DESCRIPTION = stringKey("gen_ai.agent.description");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_TOOL_NAME = stringKey("gen_ai.tool.name");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_TOOL_TYPE = stringKey("gen_ai.tool.type");
  // Semconv "any" attributes, written as strings.
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_ARGUMENTS = stringKey("gen_ai.tool.call.arguments");
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_RESULT = stringKey("gen_ai.tool.call.result");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_DATA_SOURCE_ID = stringKey("gen_ai.data_source.id");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_RETRIEVAL_QUERY_TEXT = stringKey("gen_ai.retrieval.query.text");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Long> GEN_AI_EMBEDDINGS_DIMENSION_COUNT =
      longKey("gen_ai.embeddings.dimension.count");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Double> GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK =
      doubleKey("gen_ai.response.time_to_first_chunk");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<Long> GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_creation.input_tokens");
  // HoneyHive reads cache and reasoning counts under its own names (semantic-conventions registry,
  // model/honeyhive_token_counts.yaml: cache_read_input_tokens, cache_write_input_tokens,
  // reasoning_tokens, each from gen_ai.usage.*): we write both spellings.
  public static final AttributeKey<Long> HONEYHIVE_CACHE_READ_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_read_input_tokens");
  public static final AttributeKey<Long> HONEYHIVE_CACHE_WRITE_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_write_input_tokens");
  public static final AttributeKey<Long> HONEYHIVE_REASONING_TOKENS = longKey("gen_ai.usage.reasoning_tokens");
  // HoneyHive's time-to-first-token field is metadata.time_to_first_token_ms, in milliseconds.
  public static final AttributeKey<Double> HONEYHIVE_TIME_TO_FIRST_TOKEN_MS =
      doubleKey("honeyhive_metadata.time_to_first_token_ms");
  // copied from ErrorAttributes
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
  // copied from GenAiIncubatingAttributes
  public static final AttributeKey<String> GEN_AI_PROMPT_NAME = stringKey("gen_ai.prompt.name");
  // copied from McpIncubatingAttributes
  public static final AttributeKey<String> MCP_METHOD_NAME = stringKey("mcp.method.name");
  // copied from McpIncubatingAttributes
  public static final AttributeKey<String> MCP_SESSION_ID = stringKey("mcp.session.id");
  // copied from McpIncubatingAttributes
  public static final AttributeKey<String> MCP_RESOURCE_URI = stringKey("mcp.resource.uri");
  // copied from JsonrpcIncubatingAttributes
  public static final AttributeKey<String> JSONRPC_REQUEST_ID = stringKey("jsonrpc.request.id");
  // copied from RpcIncubatingAttributes
  public static final AttributeKey<String> RPC_RESPONSE_STATUS_CODE = stringKey("rpc.response.status_code");
  // copied from NetworkAttributes
  public static final AttributeKey<String> NETWORK_TRANSPORT = stringKey("network.transport");
  // copied from NetworkAttributes
  public static final AttributeKey<String> NETWORK_PROTOCOL_NAME = stringKey("network.protocol.name");

  // HoneyHive's own keys, spelled as in HoneyHive's Python SDK.
  public static final AttributeKey<String> HONEYHIVE_SESSION_ID = stringKey("honeyhive.session_id");
  public static final AttributeKey<String> TRACELOOP_SESSION_ID =
      stringKey("traceloop.association.properties.session_id");
  public static final AttributeKey<String> HONEYHIVE_PROJECT = stringKey("honeyhive.project");
  public static final AttributeKey<String> HONEYHIVE_SOURCE = stringKey("honeyhive.source");
  // The same values under Traceloop's spelling: HoneyHive's Python SDK writes both "for backend
  // compatibility", and its TypeScript SDK sends only these.
  public static final AttributeKey<String> TRACELOOP_PROJECT = stringKey("traceloop.association.properties.project");
  public static final AttributeKey<String> TRACELOOP_SOURCE = stringKey("traceloop.association.properties.source");
  public static final AttributeKey<String> TRACELOOP_PARENT_ID =
      stringKey("traceloop.association.properties.parent_id");
  public static final AttributeKey<Boolean> HONEYHIVE_SESSION_AUTO_CREATE =
      booleanKey("honeyhive.session_auto_create");
  public static final AttributeKey<String> HONEYHIVE_SESSION_NAME = stringKey("honeyhive.session_name");
  public static final AttributeKey<String> HONEYHIVE_PARENT_ID = stringKey("honeyhive.parent_id");
  public static final AttributeKey<String> HONEYHIVE_EVENT_TYPE = stringKey("honeyhive_event_type");
  public static final AttributeKey<String> HONEYHIVE_EVENT_NAME = stringKey("honeyhive_event_name");
  public static final AttributeKey<Double> HONEYHIVE_DURATION_MS = doubleKey("honeyhive_duration_ms");
  public static final AttributeKey<String> HONEYHIVE_ERROR = stringKey("honeyhive_error");
  public static final AttributeKey<String> HONEYHIVE_ERROR_TYPE = stringKey("honeyhive_error_type");
  public static final AttributeKey<String> HONEYHIVE_EVENT_ID = stringKey("honeyhive_event_id");
  // Agentic workflows: the agent's kind (sequence, parallel, loop, router, ai_agent, ...), and
  // whether the agentic system suspended there (human in the loop). Metadata, so HoneyHive shows them.
  public static final AttributeKey<String> HONEYHIVE_AGENT_TOPOLOGY = stringKey("honeyhive_metadata.agent_topology");
  public static final AttributeKey<Boolean> HONEYHIVE_AGENT_SUSPENDED = booleanKey("honeyhive_metadata.agent_suspended");

  public static final String HONEYHIVE_INPUTS_PREFIX = "honeyhive_inputs.";
  public static final String HONEYHIVE_OUTPUTS_PREFIX = "honeyhive_outputs.";
  public static final String BAGGAGE_PREFIX = "baggage.";

  /** Values of {@code gen_ai.operation.name}. */
  public static final class Operations {
    public static final String CHAT = "chat";
    public static final String INVOKE_AGENT = "invoke_agent";
    public static final String EXECUTE_TOOL = "execute_tool";
    public static final String EMBEDDINGS = "embeddings";
    public static final String RETRIEVAL = "retrieval";

    private Operations() {}
  }

  /** Values of {@code honeyhive_event_type}. */
  public static final class EventTypes {
    public static final String MODEL = "model";
    public static final String TOOL = "tool";
    public static final String CHAIN = "chain";

    private EventTypes() {}
  }

  private HoneyHiveAttributes() {}
}
