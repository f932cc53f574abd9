package ai.honeyhive.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.honeyhive.langchain4j.internal.HoneyHiveAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.junit.jupiter.api.Test;

/** Our copied GenAI keys must match the semconv artifact's, name and type. */
class SemconvDriftTest {

  // semconv-incubating 1.45 deprecates its GenAI keys: they moved to the GenAI conventions
  // repository, which publishes no Java constants. These are the last published ones.
  @SuppressWarnings("deprecation")
  @Test
  void copiedKeysMatchTheSemanticConventions() {
    assertThat(HoneyHiveAttributes.GEN_AI_OPERATION_NAME).isEqualTo(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME);
    assertThat(HoneyHiveAttributes.GEN_AI_PROVIDER_NAME).isEqualTo(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_MODEL).isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_TEMPERATURE)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_TEMPERATURE);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_TOP_P).isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_TOP_P);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_TOP_K).isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_TOP_K);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_MAX_TOKENS)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_MAX_TOKENS);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_FREQUENCY_PENALTY)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_FREQUENCY_PENALTY);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_PRESENCE_PENALTY)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_PRESENCE_PENALTY);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_STOP_SEQUENCES)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_STOP_SEQUENCES);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_SEED).isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_SEED);
    assertThat(HoneyHiveAttributes.GEN_AI_REQUEST_STREAM).isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_STREAM);
    assertThat(HoneyHiveAttributes.GEN_AI_OUTPUT_TYPE).isEqualTo(GenAiIncubatingAttributes.GEN_AI_OUTPUT_TYPE);
    assertThat(HoneyHiveAttributes.GEN_AI_RESPONSE_ID).isEqualTo(GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID);
    assertThat(HoneyHiveAttributes.GEN_AI_RESPONSE_MODEL).isEqualTo(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL);
    assertThat(HoneyHiveAttributes.GEN_AI_RESPONSE_FINISH_REASONS)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS);
    assertThat(HoneyHiveAttributes.GEN_AI_USAGE_INPUT_TOKENS)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS);
    assertThat(HoneyHiveAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS);
    assertThat(HoneyHiveAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS);
    assertThat(HoneyHiveAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS);
    assertThat(HoneyHiveAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS);
    assertThat(HoneyHiveAttributes.GEN_AI_AGENT_NAME).isEqualTo(GenAiIncubatingAttributes.GEN_AI_AGENT_NAME);
    assertThat(HoneyHiveAttributes.GEN_AI_AGENT_ID).isEqualTo(GenAiIncubatingAttributes.GEN_AI_AGENT_ID);
    assertThat(HoneyHiveAttributes.GEN_AI_AGENT_DESCRIPTION)
        .isEqualTo(GenAiIncubatingAttributes.GEN_AI_AGENT_DESCRIPTION);
    assertThat(HoneyHiveAttributes.ERROR_TYPE).isEqualTo(ErrorAttributes.ERROR_TYPE);
  }
}
