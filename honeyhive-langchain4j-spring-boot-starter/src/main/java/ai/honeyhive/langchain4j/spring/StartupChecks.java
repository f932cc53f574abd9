package ai.honeyhive.langchain4j.spring;

import java.beans.PropertyDescriptor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.BeanUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * What the starter says at startup about the configuration it was given: properties that look like
 * placeholders Spring could not resolve, {@code honeyhive.*} keys that are no property of ours,
 * what is missing when the user meant to trace, and a sampler that drops most traces.
 */
final class StartupChecks {

  /** Normalised name (no separators, lower case) -> {@code honeyhive.kebab-name}, sorted. */
  private static final Map<String, String> KNOWN = known();

  /** {@code AlwaysOnSampler}, or Spring Boot's {@code ParentBased{root:TraceIdRatioBased{0.100000},...}}. */
  private static final Pattern ROOT_SAMPLER =
      Pattern.compile("^(?:ParentBased\\{root:)?(AlwaysOnSampler|AlwaysOffSampler|TraceIdRatioBased\\{([0-9.,]+)})");

  static final String PROBABILITY = "management.tracing.sampling.probability";

  /** The warnings about placeholders and unknown keys, in that order; each logged once. */
  static List<String> propertyWarnings(Settings settings, Environment environment) {
    List<String> warnings = new ArrayList<>();
    settings.unresolved.forEach(
        (property, placeholders) ->
            warnings.add(
                property + " holds " + String.join(" ", placeholders) + ", a placeholder Spring could not"
                    + " resolve, so it counts as unset; define " + names(placeholders)
                    + ", or write ${NAME:} to make it optional"));
    for (String key : honeyHiveKeys(environment)) {
      String normalised = normalise(key.substring("honeyhive".length()));
      if (!KNOWN.containsKey(normalised)) {
        warnings.add(key + " is not a HoneyHive property; " + suggestion(normalised));
      }
    }
    return warnings;
  }

  /**
   * Whether the user meant to trace: some {@code honeyhive.*} key is set, or one of the two
   * variables that tracing needs.
   */
  static boolean meantToTrace(Settings settings, Environment environment) {
    return settings.apiKey != null
        || settings.project != null
        || !settings.unresolved.isEmpty()
        || !honeyHiveKeys(environment).isEmpty();
  }

  /** The line for tracing off: a WARN that names what is missing when the user meant to trace. */
  static String tracingOff(Settings settings) {
    String fix = ", or honeyhive.console=true to print traces locally";
    if (settings.apiKey == null && settings.project == null) {
      return "HoneyHive tracing is off: honeyhive.api-key and honeyhive.project are not set (nor HH_API_KEY and"
          + " HH_PROJECT); set both" + fix;
    }
    if (settings.apiKey == null) {
      return "HoneyHive tracing is off: honeyhive.api-key is not set (nor HH_API_KEY); set it" + fix;
    }
    return "HoneyHive tracing is off: honeyhive.project is not set (nor HH_PROJECT); set it" + fix;
  }

  /**
   * What the application's sampler means for HoneyHive, read from its description (calling it
   * could use up a rate-limiting sampler's budget): a warning when it keeps only a share of the
   * traces, a note when it is one we cannot read, null when it keeps every trace.
   */
  static Finding sampling(String samplerDescription, Environment environment) {
    Matcher m = ROOT_SAMPLER.matcher(samplerDescription);
    String set = environment.getProperty(PROBABILITY);
    String because = set != null ? PROBABILITY + "=" + set : PROBABILITY + " is unset: Spring Boot's default is 0.1";
    String fix =
        "; set " + PROBABILITY + "=1.0 (or make your own Sampler bean keep them) to send every AI trace to HoneyHive";
    if (!m.find()) {
      return new Finding(
          false,
          "HoneyHive receives only the traces the application's sampler keeps (" + samplerDescription
              + "); with Spring Boot's own sampler, " + PROBABILITY + "=1.0 sends them all");
    }
    if (m.group(1).equals("AlwaysOnSampler")) {
      return null;
    }
    if (m.group(1).equals("AlwaysOffSampler")) {
      return new Finding(true, "HoneyHive receives no traces: the application's sampler keeps none (AlwaysOffSampler)" + fix);
    }
    BigDecimal ratio = new BigDecimal(m.group(2).replace(',', '.'));
    if (ratio.compareTo(BigDecimal.ONE) >= 0) {
      return null;
    }
    String percent = ratio.movePointRight(2).stripTrailingZeros().toPlainString();
    return new Finding(
        true,
        "HoneyHive receives only the traces the application's sampler keeps, " + percent + "% of them ("
            + because + ")" + fix);
  }

  /** A line to log at startup. */
  static final class Finding {
    final boolean warning;
    final String message;

    Finding(boolean warning, String message) {
      this.warning = warning;
      this.message = message;
    }
  }

  /**
   * Every {@code honeyhive.*} key as written in the environment's enumerable property sources,
   * relaxed forms included ({@code honeyhive.apiKey}, {@code HONEYHIVE_API_KEY}).
   */
  static Set<String> honeyHiveKeys(Environment environment) {
    Set<String> keys = new LinkedHashSet<>();
    if (!(environment instanceof ConfigurableEnvironment)) {
      return keys;
    }
    Set<String> seen = new java.util.HashSet<>();
    for (PropertySource<?> source : ((ConfigurableEnvironment) environment).getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource)) {
        continue;
      }
      for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
        String lower = name.toLowerCase(Locale.ROOT);
        if ((lower.startsWith("honeyhive.") || lower.startsWith("honeyhive_"))
            && lower.length() > "honeyhive.".length()
            && seen.add(normalise(lower))) {
          keys.add(name);
        }
      }
    }
    return keys;
  }

  private static String suggestion(String normalised) {
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (Map.Entry<String, String> known : KNOWN.entrySet()) {
      int d = distance(normalised, known.getKey());
      if (d < best) {
        best = d;
        nearest = known.getValue();
      }
    }
    if (best <= Math.max(2, normalised.length() / 3)) {
      return "did you mean " + nearest + "?";
    }
    return "the HoneyHive properties are " + String.join(", ", KNOWN.values());
  }

  private static String names(List<String> placeholders) {
    List<String> names = new ArrayList<>();
    for (String p : placeholders) {
      String name = p.substring(2).replace("}", "");
      int colon = name.indexOf(':');
      names.add(colon >= 0 ? name.substring(0, colon) : name);
    }
    return String.join(" and ", names);
  }

  private static String normalise(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (c != '.' && c != '-' && c != '_') {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }

  private static Map<String, String> known() {
    Map<String, String> known = new TreeMap<>();
    for (PropertyDescriptor d : BeanUtils.getPropertyDescriptors(HoneyHiveProperties.class)) {
      if (d.getWriteMethod() != null) {
        String kebab = d.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
        known.put(normalise(kebab), "honeyhive." + kebab);
      }
    }
    return known;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  private StartupChecks() {}
}
