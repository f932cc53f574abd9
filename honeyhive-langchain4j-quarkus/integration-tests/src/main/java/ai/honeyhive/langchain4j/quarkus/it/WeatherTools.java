package ai.honeyhive.langchain4j.quarkus.it;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** The assistant's one tool. */
@ApplicationScoped
public class WeatherTools {

  private final AtomicInteger calls = new AtomicInteger();

  /**
   * How often the tool ran.
   *
   * @return the count
   */
  public int calls() {
    return calls.get();
  }

  @Tool(name = "get_weather", value = "Current weather in a city")
  public String getWeather(@P("city") String city, @P("unit") String unit) {
    calls.incrementAndGet();
    return "18 degrees " + unit + ", sunny in " + city;
  }
}
