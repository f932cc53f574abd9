package ai.honeyhive.langchain4j.examples.spring;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import org.springframework.stereotype.Component;

/** A tool bean; LangChain4j's starter gives it to {@link Assistant}. */
@Component
public class WeatherTools {

  /** Created by Spring. */
  public WeatherTools() {}

  /**
   * A made-up forecast, so the example needs no weather service.
   *
   * @param city the city
   * @param unit celsius or fahrenheit
   * @return the weather in that city
   */
  @Tool(name = "get_weather", value = "Current weather in a city")
  public String getWeather(@P("the city, for example Paris") String city, @P("celsius or fahrenheit") String unit) {
    return "fahrenheit".equalsIgnoreCase(unit) ? "64 F, sunny in " + city : "18 C, sunny in " + city;
  }
}
