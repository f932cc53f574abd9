package ai.honeyhive.langchain4j.internal.content;

import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_INPUT_MESSAGES;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_OUTPUT_MESSAGES;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_SYSTEM_INSTRUCTIONS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.GEN_AI_TOOL_DEFINITIONS;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.internal.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import ai.honeyhive.langchain4j.internal.LangChain4jFeatures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.output.FinishReason;
import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.util.List;

/**
 * Writes message content onto a span twice: as GenAI semconv JSON ({@code gen_ai.input.messages}
 * and friends, role + parts) and flattened into HoneyHive's model-event shape ({@code
 * honeyhive_inputs.chat_history.N.role/content}, {@code honeyhive_outputs.role/content}), which is
 * what HoneyHive's UI renders. Only called when content capture is on.
 *
 * <p>Internal: not part of the public API; may change at any time.
 */
public final class MessageContent {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  /** Where content attributes go: a span builder before start, or a started span. */
  public interface Sink {
    void put(AttributeKey<String> key, String value);
  }

  private static final AttributeKey<String> OUT_ROLE =
      AttributeKey.stringKey(HONEYHIVE_OUTPUTS_PREFIX + "role");
  private static final AttributeKey<String> OUT_CONTENT =
      AttributeKey.stringKey(HONEYHIVE_OUTPUTS_PREFIX + "content");
  private static final AttributeKey<String> OUT_REASONING =
      AttributeKey.stringKey(HONEYHIVE_OUTPUTS_PREFIX + "reasoning");
  private static final AttributeKey<String> OUT_FINISH_REASON =
      AttributeKey.stringKey(HONEYHIVE_OUTPUTS_PREFIX + "finish_reason");

  /**
   * {@code honeyhive_inputs.chat_history.N.*} keys for the first {@link #KEYED_MESSAGES} messages,
   * built once: a chat call then neither concatenates nor hashes key strings. Longer conversations
   * build the keys of their later messages per call.
   */
  public static final int KEYED_MESSAGES = 128;

  private static final String HISTORY = HONEYHIVE_INPUTS_PREFIX + "chat_history.";
  private static final int ROLE = 0;
  private static final int CONTENT = 1;
  private static final int TOOL_CALL_ID = 2;
  private static final int NAME = 3;
  private static final String[] HISTORY_FIELDS = {"role", "content", "tool_call_id", "name"};

  private static final AttributeKey<String>[][] HISTORY_KEYS = historyKeys();

  // Java has no generic array creation; every element is a string key.
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static AttributeKey<String>[][] historyKeys() {
    AttributeKey<String>[][] all = new AttributeKey[KEYED_MESSAGES][];
    for (int i = 0; i < KEYED_MESSAGES; i++) {
      AttributeKey<String>[] keys = new AttributeKey[HISTORY_FIELDS.length];
      for (int f = 0; f < keys.length; f++) {
        keys[f] = AttributeKey.stringKey(HISTORY + i + '.' + HISTORY_FIELDS[f]);
      }
      all[i] = keys;
    }
    return all;
  }

  private static AttributeKey<String> historyKey(int message, int field) {
    return message < KEYED_MESSAGES
        ? HISTORY_KEYS[message][field]
        : AttributeKey.stringKey(HISTORY + message + '.' + HISTORY_FIELDS[field]);
  }

  static void recordInput(
      Sink span, List<ChatMessage> messages, List<ToolSpecification> tools, ContentFilter f)
      throws IOException {
    if (messages != null && !messages.isEmpty()) {
      // Each text goes through the filter once, for both spellings below.
      String[] texts = new String[messages.size()];
      int chars = 0;
      boolean hasSystem = false;
      for (int i = 0; i < texts.length; i++) {
        ChatMessage m = messages.get(i);
        String text = m == null ? null : text(m);
        texts[i] = text == null ? null : f.apply(text);
        if (texts[i] != null) {
          chars += texts[i].length();
        }
        hasSystem |= m instanceof SystemMessage;
      }
      if (hasSystem) {
        span.put(GEN_AI_SYSTEM_INSTRUCTIONS, systemInstructionsJson(messages, texts));
      }
      span.put(GEN_AI_INPUT_MESSAGES, inputMessagesJson(messages, texts, chars, f));
      flattenChatHistory(span, messages, texts, f);
    }
    if (tools != null && !tools.isEmpty()) {
      span.put(GEN_AI_TOOL_DEFINITIONS, toolDefinitionsJson(tools, true));
    }
  }

  /** The model's reasoning text; null before LangChain4j 1.2, which has none. */
  public static String thinking(AiMessage message) {
    return LangChain4jFeatures.THINKING ? message.thinking() : null;
  }

  public static void recordOutput(Sink span, AiMessage message, FinishReason finishReason, ContentFilter f)
      throws IOException {
    if (message == null) {
      return;
    }
    String text = message.text() == null ? null : f.apply(message.text());
    String thinking = thinking(message) == null ? null : f.apply(thinking(message));
    span.put(GEN_AI_OUTPUT_MESSAGES, outputMessagesJson(message, text, thinking, finishReason, f));
    span.put(OUT_ROLE, "assistant");
    if (text != null) {
      span.put(OUT_CONTENT, text);
    }
    if (thinking != null) {
      span.put(OUT_REASONING, thinking);
    }
    if (finishReason != null) {
      span.put(OUT_FINISH_REASON, finishReason(finishReason));
    }
    flattenToolCalls(span, HONEYHIVE_OUTPUTS_PREFIX, message.toolExecutionRequests(), f);
  }

  /** The semconv spelling of a finish reason: OpenAI's values, which most providers share. */
  public static String finishReason(FinishReason reason) {
    switch (reason) {
      case STOP:
        return "stop";
      case LENGTH:
        return "length";
      case TOOL_EXECUTION:
        return "tool_calls";
      case CONTENT_FILTER:
        return "content_filter";
      default:
        return reason.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Tool definitions, always with type and name; description and parameter schema only when {@code
   * full} (they are content: they can be large and can reveal business logic).
   */
  public static String toolDefinitionsJson(List<ToolSpecification> tools, boolean full)
      throws IOException {
    JsonText g = new JsonText(64 * tools.size());
    g.beginArray();
    for (ToolSpecification tool : tools) {
      if (tool == null) {
        continue;
      }
      g.beginObject();
      g.field("type", "function");
      g.field("name", tool.name());
      if (full) {
        if (tool.description() != null) {
          g.field("description", tool.description());
        }
        if (tool.parameters() != null && LangChain4jFeatures.TOOL_SPEC_JSON) {
          // Before LangChain4j 1.13 there is no public way to the schema as JSON: name and description only.
          JsonNode spec = MAPPER.readTree(tool.toJson());
          JsonNode parameters = spec.get("parameters");
          if (parameters != null) {
            g.name("parameters");
            g.raw(parameters.toString());
          }
        }
      }
      g.endObject();
    }
    g.endArray();
    return g.toString();
  }

  private static String systemInstructionsJson(List<ChatMessage> messages, String[] texts)
      throws IOException {
    JsonText g = new JsonText(256);
    g.beginArray();
    for (int i = 0; i < texts.length; i++) {
      if (messages.get(i) instanceof SystemMessage) {
        writeTextPart(g, texts[i]);
      }
    }
    g.endArray();
    return g.toString();
  }

  private static String inputMessagesJson(
      List<ChatMessage> messages, String[] texts, int chars, ContentFilter f) throws IOException {
    // Each message adds about 60 characters of JSON around its text; escapes add a few more.
    JsonText g = new JsonText(chars + (chars >> 4) + 64 * texts.length + 16);
    g.beginArray();
    for (int i = 0; i < texts.length; i++) {
      ChatMessage m = messages.get(i);
      if (m == null || m instanceof SystemMessage) {
        continue;
      }
      g.beginObject(roleField(m));
      if (m instanceof UserMessage && ((UserMessage) m).name() != null) {
        g.field("name", ((UserMessage) m).name());
      }
      g.name("parts").beginArray();
      if (m instanceof UserMessage) {
        UserMessage user = (UserMessage) m;
        if (user.hasSingleText()) {
          writeTextPart(g, texts[i]);
        } else {
          for (Content c : user.contents()) {
            writeContentPart(g, c, f);
          }
        }
      } else if (m instanceof AiMessage) {
        AiMessage ai = (AiMessage) m;
        writeAiParts(g, ai, texts[i], thinking(ai) == null ? null : f.apply(thinking(ai)), f);
      } else if (m instanceof ToolExecutionResultMessage) {
        ToolExecutionResultMessage r = (ToolExecutionResultMessage) m;
        g.beginObject();
        g.field("type", "tool_call_response");
        if (r.id() != null) {
          g.field("id", r.id());
        }
        g.field("response", texts[i]);
        g.endObject();
      } else if (m instanceof CustomMessage) {
        g.beginObject();
        g.field("type", "custom");
        g.field("content", f.apply(SafeJson.toJson(((CustomMessage) m).attributes())));
        g.endObject();
      }
      g.endArray();
      g.endObject();
    }
    g.endArray();
    return g.toString();
  }

  private static String outputMessagesJson(
      AiMessage message, String text, String thinking, FinishReason finishReason, ContentFilter f)
      throws IOException {
    int chars = text == null ? 0 : text.length();
    JsonText g = new JsonText(chars + (chars >> 4) + 128);
    g.beginArray();
    g.beginObject();
    g.field("role", "assistant");
    g.name("parts").beginArray();
    writeAiParts(g, message, text, thinking, f);
    g.endArray();
    if (finishReason != null) {
      g.field("finish_reason", finishReason(finishReason));
    }
    g.endObject();
    g.endArray();
    return g.toString();
  }

  /** The parts of an assistant message whose text and reasoning are already filtered. */
  private static void writeAiParts(
      JsonText g, AiMessage ai, String text, String thinking, ContentFilter f) throws IOException {
    if (thinking != null) {
      g.beginObject();
      g.field("type", "reasoning");
      g.field("content", thinking);
      g.endObject();
    }
    if (text != null) {
      writeTextPart(g, text);
    }
    if (ai.toolExecutionRequests() != null) {
      for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
        g.beginObject();
        g.field("type", "tool_call");
        if (call.id() != null) {
          g.field("id", call.id());
        }
        g.field("name", call.name());
        g.name("arguments");
        writeJsonOrString(g, f.apply(call.arguments()));
        g.endObject();
      }
    }
  }

  private static void writeContentPart(JsonText g, Content c, ContentFilter f) throws IOException {
    if (c instanceof TextContent) {
      writeTextPart(g, f.apply(((TextContent) c).text()));
    } else if (c instanceof ImageContent && ((ImageContent) c).image() != null) {
      ImageContent image = (ImageContent) c;
      g.beginObject();
      if (image.image().url() != null) {
        g.field("type", "uri");
        g.field("modality", "image");
        g.field("uri", image.image().url().toString());
      } else {
        // Inline base64 data can be megabytes: we say it was there and leave it out.
        g.field("type", "blob");
        g.field("modality", "image");
        g.field("content", "[omitted: inline image data]");
      }
      if (image.image().mimeType() != null) {
        g.field("mime_type", image.image().mimeType());
      }
      g.endObject();
    } else if (c != null) {
      g.beginObject();
      g.field("type", "blob");
      g.field("modality", c.type().name().toLowerCase(java.util.Locale.ROOT));
      g.field("content", "[omitted: inline " + c.type().name().toLowerCase(java.util.Locale.ROOT) + " data]");
      g.endObject();
    }
  }

  private static void writeTextPart(JsonText g, String text) throws IOException {
    g.beginObject(TEXT_PART).field("content", text).endObject();
  }

  /** Tool arguments are JSON text from the model; keep them structured when they parse. */
  private static void writeJsonOrString(JsonText g, String json) throws IOException {
    if (json == null) {
      g.value(null);
      return;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException notJson) {
      node = null;
    }
    if (node == null || node.isMissingNode()) {
      g.value(json);
    } else {
      g.raw(node.toString());
    }
  }

  private static void flattenChatHistory(
      Sink span, List<ChatMessage> messages, String[] texts, ContentFilter f) {
    int n = 0;
    for (int i = 0; i < texts.length; i++) {
      ChatMessage m = messages.get(i);
      if (m == null) {
        continue;
      }
      span.put(historyKey(n, ROLE), role(m));
      if (texts[i] != null) {
        span.put(historyKey(n, CONTENT), texts[i]);
      }
      if (m instanceof AiMessage) {
        List<ToolExecutionRequest> calls = ((AiMessage) m).toolExecutionRequests();
        if (calls != null && !calls.isEmpty()) {
          flattenToolCalls(span, HISTORY + n + '.', calls, f);
        }
      } else if (m instanceof ToolExecutionResultMessage) {
        ToolExecutionResultMessage r = (ToolExecutionResultMessage) m;
        if (r.id() != null) {
          span.put(historyKey(n, TOOL_CALL_ID), r.id());
        }
        if (r.toolName() != null) {
          span.put(historyKey(n, NAME), r.toolName());
        }
      }
      n++;
    }
  }

  private static void flattenToolCalls(
      Sink span, String prefix, List<ToolExecutionRequest> calls, ContentFilter f) {
    if (calls == null) {
      return;
    }
    int j = 0;
    for (ToolExecutionRequest call : calls) {
      toolCall(span, prefix, j++, call, f);
    }
  }

  /**
   * One tool call in OpenAI's shape, which HoneyHive reads: {@code tool_calls.N.id}, {@code .type}
   * ({@code function}), {@code .function.name} and {@code .function.arguments}. The arguments are
   * content: written only when {@code f} is not null.
   */
  public static void toolCall(Sink span, String prefix, int index, ToolExecutionRequest call, ContentFilter f) {
    if (call == null) {
      return;
    }
    String p = prefix + "tool_calls." + index + '.';
    if (call.id() != null) {
      span.put(AttributeKey.stringKey(p + "id"), call.id());
    }
    span.put(AttributeKey.stringKey(p + "type"), "function");
    if (call.name() != null) {
      span.put(AttributeKey.stringKey(p + "function.name"), call.name());
    }
    if (f != null && call.arguments() != null) {
      String arguments = f.apply(call.arguments());
      if (arguments != null) {
        span.put(AttributeKey.stringKey(p + "function.arguments"), arguments);
      }
    }
  }

  private static final String TEXT_PART = "\"type\":\"text\"";

  /** {@code "role":"..."} in JSON form, a constant per message type. */
  private static String roleField(ChatMessage m) {
    switch (m.type()) {
      case USER:
        return "\"role\":\"user\"";
      case AI:
        return "\"role\":\"assistant\"";
      case TOOL_EXECUTION_RESULT:
        return "\"role\":\"tool\"";
      case SYSTEM:
        return "\"role\":\"system\"";
      default:
        return "\"role\":\"" + role(m) + '"';
    }
  }

  public static String role(ChatMessage m) {
    switch (m.type()) {
      case SYSTEM:
        return "system";
      case USER:
        return "user";
      case AI:
        return "assistant";
      case TOOL_EXECUTION_RESULT:
        return "tool";
      default:
        return m.type().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Whether any message text is longer than {@code limit} characters: such a text is recorded cut,
   * and a caller that would otherwise keep the messages for later writes the cut copy at once
   * instead of holding the whole text. Counts only, no copies.
   */
  public static boolean hasTextLongerThan(List<ChatMessage> messages, AiMessage answer, int limit) {
    if (answer != null && (length(answer.text()) > limit || length(thinking(answer)) > limit)) {
      return true;
    }
    if (messages == null) {
      return false;
    }
    for (ChatMessage m : messages) {
      if (m instanceof UserMessage) {
        for (Content c : ((UserMessage) m).contents()) {
          if (c instanceof TextContent && length(((TextContent) c).text()) > limit) {
            return true;
          }
        }
      } else if (m instanceof AiMessage && length(thinking((AiMessage) m)) > limit) {
        return true;
      } else if (m != null && !(m instanceof CustomMessage) && length(text(m)) > limit) {
        return true;
      }
    }
    return false;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /** The plain text of a message, for HoneyHive's chat_history; null when it has none. */
  public static String text(ChatMessage m) {
    if (m instanceof SystemMessage) {
      return ((SystemMessage) m).text();
    }
    if (m instanceof AiMessage) {
      return ((AiMessage) m).text();
    }
    if (m instanceof ToolExecutionResultMessage) {
      return ((ToolExecutionResultMessage) m).text();
    }
    if (m instanceof UserMessage) {
      UserMessage u = (UserMessage) m;
      if (u.hasSingleText()) {
        return u.singleText();
      }
      StringBuilder sb = new StringBuilder();
      for (Content c : u.contents()) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        if (c instanceof TextContent) {
          sb.append(((TextContent) c).text());
        } else if (c instanceof ImageContent
            && ((ImageContent) c).image() != null
            && ((ImageContent) c).image().url() != null) {
          sb.append("[image: ").append(((ImageContent) c).image().url()).append(']');
        } else if (c != null) {
          sb.append('[').append(c.type().name().toLowerCase(java.util.Locale.ROOT)).append(']');
        }
      }
      return sb.toString();
    }
    return null;
  }

  private MessageContent() {}
}
