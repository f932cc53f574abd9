package ai.honeyhive.langchain4j.examples.quarkus;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** The assistant's tool. */
@ApplicationScoped
public class WeatherTools {

  /**
   * The weather in a city (made up).
   *
   * @param city the city
   * @param unit celsius or fahrenheit
   * @return the weather
   */
  @Tool(name = "get_weather", value = "Current weather in a city")
  public String getWeather(@P("city") String city, @P("unit") String unit) {
    return "18 degrees " + unit + ", sunny in " + city;
  }
}
