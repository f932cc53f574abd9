package ai.honeyhive.langchain4j;

import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_INPUT_MESSAGES;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_OUTPUT_MESSAGES;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_SYSTEM_INSTRUCTIONS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.GEN_AI_TOOL_DEFINITIONS;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_INPUTS_PREFIX;
import static ai.honeyhive.langchain4j.HoneyHiveAttributes.HONEYHIVE_OUTPUTS_PREFIX;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/**
 * Writes message content onto a span twice: as GenAI semconv JSON ({@code gen_ai.input.messages}
 * and friends, role + parts) and flattened into HoneyHive's model-event shape ({@code
 * honeyhive_inputs.chat_history.N.role/content}, {@code honeyhive_outputs.role/content}), which is
 * what HoneyHive's UI renders. Only called when content capture is on.
 */
final class MessageContent {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON = MAPPER.getFactory();

  static void recordInput(
      Span span, List<ChatMessage> messages, List<ToolSpecification> tools, ContentFilter f)
      throws IOException {
    if (messages != null && !messages.isEmpty()) {
      String system = systemInstructionsJson(messages, f);
      if (system != null) {
        span.setAttribute(GEN_AI_SYSTEM_INSTRUCTIONS, system);
      }
      span.setAttribute(GEN_AI_INPUT_MESSAGES, inputMessagesJson(messages, f));
      flattenChatHistory(span, messages, f);
    }
    if (tools != null && !tools.isEmpty()) {
      span.setAttribute(GEN_AI_TOOL_DEFINITIONS, toolDefinitionsJson(tools, true));
    }
  }

  static void recordOutput(Span span, AiMessage message, FinishReason finishReason, ContentFilter f)
      throws IOException {
    if (message == null) {
      return;
    }
    span.setAttribute(GEN_AI_OUTPUT_MESSAGES, outputMessagesJson(message, finishReason, f));
    span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "role", "assistant");
    if (message.text() != null) {
      span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "content", f.apply(message.text()));
    }
    if (message.thinking() != null) {
      span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "reasoning", f.apply(message.thinking()));
    }
    if (finishReason != null) {
      span.setAttribute(HONEYHIVE_OUTPUTS_PREFIX + "finish_reason", finishReason(finishReason));
    }
    flattenToolCalls(span, HONEYHIVE_OUTPUTS_PREFIX, message.toolExecutionRequests(), f);
  }

  /** The semconv spelling of a finish reason: OpenAI's values, which most providers share. */
  static String finishReason(FinishReason reason) {
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
  static String toolDefinitionsJson(List<ToolSpecification> tools, boolean full)
      throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (ToolSpecification tool : tools) {
        if (tool == null) {
          continue;
        }
        g.writeStartObject();
        g.writeStringField("type", "function");
        g.writeStringField("name", tool.name());
        if (full) {
          if (tool.description() != null) {
            g.writeStringField("description", tool.description());
          }
          if (tool.parameters() != null) {
            JsonNode spec = MAPPER.readTree(tool.toJson());
            JsonNode parameters = spec.get("parameters");
            if (parameters != null) {
              g.writeFieldName("parameters");
              MAPPER.writeTree(g, parameters);
            }
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    return out.toString();
  }

  private static String systemInstructionsJson(List<ChatMessage> messages, ContentFilter f)
      throws IOException {
    StringWriter out = null;
    JsonGenerator g = null;
    for (ChatMessage m : messages) {
      if (m instanceof SystemMessage) {
        if (g == null) {
          out = new StringWriter();
          g = JSON.createGenerator(out);
          g.writeStartArray();
        }
        writeTextPart(g, f.apply(((SystemMessage) m).text()));
      }
    }
    if (g == null) {
      return null;
    }
    g.writeEndArray();
    g.close();
    return out.toString();
  }

  private static String inputMessagesJson(List<ChatMessage> messages, ContentFilter f)
      throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (ChatMessage m : messages) {
        if (m == null || m instanceof SystemMessage) {
          continue;
        }
        g.writeStartObject();
        g.writeStringField("role", role(m));
        if (m instanceof UserMessage && ((UserMessage) m).name() != null) {
          g.writeStringField("name", ((UserMessage) m).name());
        }
        g.writeArrayFieldStart("parts");
        writeParts(g, m, f);
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    return out.toString();
  }

  private static String outputMessagesJson(AiMessage message, FinishReason finishReason, ContentFilter f)
      throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      g.writeStartObject();
      g.writeStringField("role", "assistant");
      g.writeArrayFieldStart("parts");
      writeParts(g, message, f);
      g.writeEndArray();
      if (finishReason != null) {
        g.writeStringField("finish_reason", finishReason(finishReason));
      }
      g.writeEndObject();
      g.writeEndArray();
    }
    return out.toString();
  }

  private static void writeParts(JsonGenerator g, ChatMessage m, ContentFilter f) throws IOException {
    if (m instanceof UserMessage) {
      for (Content c : ((UserMessage) m).contents()) {
        writeContentPart(g, c, f);
      }
    } else if (m instanceof AiMessage) {
      AiMessage ai = (AiMessage) m;
      if (ai.thinking() != null) {
        g.writeStartObject();
        g.writeStringField("type", "reasoning");
        g.writeStringField("content", f.apply(ai.thinking()));
        g.writeEndObject();
      }
      if (ai.text() != null) {
        writeTextPart(g, f.apply(ai.text()));
      }
      if (ai.toolExecutionRequests() != null) {
        for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
          g.writeStartObject();
          g.writeStringField("type", "tool_call");
          if (call.id() != null) {
            g.writeStringField("id", call.id());
          }
          g.writeStringField("name", call.name());
          g.writeFieldName("arguments");
          writeJsonOrString(g, f.apply(call.arguments()));
          g.writeEndObject();
        }
      }
    } else if (m instanceof ToolExecutionResultMessage) {
      ToolExecutionResultMessage r = (ToolExecutionResultMessage) m;
      g.writeStartObject();
      g.writeStringField("type", "tool_call_response");
      if (r.id() != null) {
        g.writeStringField("id", r.id());
      }
      g.writeStringField("response", f.apply(r.text()));
      g.writeEndObject();
    } else if (m instanceof CustomMessage) {
      g.writeStartObject();
      g.writeStringField("type", "custom");
      g.writeStringField("content", f.apply(SafeJson.toJson(((CustomMessage) m).attributes())));
      g.writeEndObject();
    } else if (m instanceof SystemMessage) {
      writeTextPart(g, f.apply(((SystemMessage) m).text()));
    }
  }

  private static void writeContentPart(JsonGenerator g, Content c, ContentFilter f) throws IOException {
    if (c instanceof TextContent) {
      writeTextPart(g, f.apply(((TextContent) c).text()));
    } else if (c instanceof ImageContent && ((ImageContent) c).image() != null) {
      ImageContent image = (ImageContent) c;
      g.writeStartObject();
      if (image.image().url() != null) {
        g.writeStringField("type", "uri");
        g.writeStringField("modality", "image");
        g.writeStringField("uri", image.image().url().toString());
      } else {
        // Inline base64 data can be megabytes: we say it was there and leave it out.
        g.writeStringField("type", "blob");
        g.writeStringField("modality", "image");
        g.writeStringField("content", "[omitted: inline image data]");
      }
      if (image.image().mimeType() != null) {
        g.writeStringField("mime_type", image.image().mimeType());
      }
      g.writeEndObject();
    } else if (c != null) {
      g.writeStartObject();
      g.writeStringField("type", "blob");
      g.writeStringField("modality", c.type().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("content", "[omitted: inline " + c.type().name().toLowerCase(java.util.Locale.ROOT) + " data]");
      g.writeEndObject();
    }
  }

  private static void writeTextPart(JsonGenerator g, String text) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "text");
    g.writeStringField("content", text);
    g.writeEndObject();
  }

  /** Tool arguments are JSON text from the model; keep them structured when they parse. */
  private static void writeJsonOrString(JsonGenerator g, String json) throws IOException {
    if (json == null) {
      g.writeNull();
      return;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException notJson) {
      node = null;
    }
    if (node == null || node.isMissingNode()) {
      g.writeString(json);
    } else {
      MAPPER.writeTree(g, node);
    }
  }

  private static void flattenChatHistory(Span span, List<ChatMessage> messages, ContentFilter f) {
    String base = HONEYHIVE_INPUTS_PREFIX + "chat_history.";
    int i = 0;
    for (ChatMessage m : messages) {
      if (m == null) {
        continue;
      }
      String prefix = base + i + '.';
      span.setAttribute(prefix + "role", role(m));
      String text = text(m);
      if (text != null) {
        span.setAttribute(prefix + "content", f.apply(text));
      }
      if (m instanceof AiMessage) {
        flattenToolCalls(span, prefix, ((AiMessage) m).toolExecutionRequests(), f);
      } else if (m instanceof ToolExecutionResultMessage) {
        ToolExecutionResultMessage r = (ToolExecutionResultMessage) m;
        if (r.id() != null) {
          span.setAttribute(prefix + "tool_call_id", r.id());
        }
        if (r.toolName() != null) {
          span.setAttribute(prefix + "name", r.toolName());
        }
      }
      i++;
    }
  }

  private static void flattenToolCalls(
      Span span, String prefix, List<ToolExecutionRequest> calls, ContentFilter f) {
    if (calls == null) {
      return;
    }
    int j = 0;
    for (ToolExecutionRequest call : calls) {
      String p = prefix + "tool_calls." + j + '.';
      if (call.id() != null) {
        span.setAttribute(p + "id", call.id());
      }
      if (call.name() != null) {
        span.setAttribute(p + "name", call.name());
      }
      if (call.arguments() != null) {
        span.setAttribute(p + "arguments", f.apply(call.arguments()));
      }
      j++;
    }
  }

  static String role(ChatMessage m) {
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

  /** The plain text of a message, for HoneyHive's chat_history; null when it has none. */
  static String text(ChatMessage m) {
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
