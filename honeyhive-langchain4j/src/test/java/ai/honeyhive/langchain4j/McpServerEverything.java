package ai.honeyhive.langchain4j;

import ai.honeyhive.langchain4j.mcp.McpTelemetry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The MCP reference server {@code @modelcontextprotocol/server-everything}, a version pinned here,
 * installed from npm into {@code target/mcp-server} by the first test that needs it (nothing is
 * committed), and run over stdio. Tests that need it skip, saying why, where node or npm is not on
 * the PATH; a failed install fails them.
 *
 * <p>What the server reads on its stdin is also written to a file, through {@code tee} between the
 * client and the server process: the JSON-RPC messages exactly as the server received them.
 */
final class McpServerEverything {

  static final String PACKAGE = "@modelcontextprotocol/server-everything";
  static final String VERSION = "2026.8.31";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path installed;

  /** The server's entry script, installing it first if needed; skips the test without node or npm. */
  static synchronized Path entryScript() throws IOException, InterruptedException {
    if (installed != null) {
      return installed;
    }
    assumeTrue(
        runs("node", "--version") && runs("npm", "--version") && runs("sh", "-c", "command -v tee"),
        "MCP tests need node, npm and a POSIX sh with tee on the PATH; skipped");
    Path prefix = Path.of(System.getProperty("basedir", "."), "target", "mcp-server").toAbsolutePath();
    Path module = prefix.resolve("node_modules").resolve(PACKAGE);
    if (!VERSION.equals(installedVersion(module))) {
      Files.createDirectories(prefix);
      Path log = prefix.resolve("npm-install.log");
      Process npm =
          new ProcessBuilder(
                  "npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund",
                  "--loglevel=error", PACKAGE + "@" + VERSION)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!npm.waitFor(5, TimeUnit.MINUTES)) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm install of " + PACKAGE + "@" + VERSION + " took over 5 minutes");
      }
      if (npm.exitValue() != 0 || !VERSION.equals(installedVersion(module))) {
        throw new IllegalStateException(
            "npm install of " + PACKAGE + "@" + VERSION + " failed (exit " + npm.exitValue() + "):\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    }
    installed = module.resolve("dist").resolve("index.js");
    return installed;
  }

  /** The command that runs the server over stdio, copying what it reads into {@code received}. */
  static List<String> stdioCommand(Path received) throws IOException, InterruptedException {
    Path script = entryScript();
    return List.of("sh", "-c", "tee -a \"$1\" | exec node \"$2\" stdio", "sh", received.toString(), script.toString());
  }

  /**
   * Ends what is left of a stdio server once its client has closed: {@code tee} ends by itself at
   * the end of its input, having written everything; the server is ended here, as it does not exit
   * when its input ends.
   */
  static void stop(List<ProcessHandle> processes) throws Exception {
    for (ProcessHandle p : processes) {
      if (p.info().command().map(c -> c.endsWith("node")).orElse(false)) {
        p.destroy();
      }
    }
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException stuck) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * A client over stdio registered the way the docs say, the server's stdin copied into {@code
   * received}; closing it ends the server too, so that everything it read is in that file.
   */
  static StdioClient stdioClient(HoneyHiveTracer tracer, Path received) throws IOException, InterruptedException {
    dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport transport =
        dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport.builder().command(stdioCommand(received)).build();
    dev.langchain4j.mcp.client.McpClient client =
        dev.langchain4j.mcp.client.DefaultMcpClient.builder()
            .transport(transport)
            .autoHealthCheck(false)
            .addListener(McpTelemetry.create(tracer).clientListener(transport))
            .metaSupplier(McpTelemetry.create(tracer).metaSupplier())
            .build();
    return new StdioClient(client, transport);
  }

  /** An MCP client and the stdio transport whose server it ends on close. */
  static final class StdioClient implements AutoCloseable {
    final dev.langchain4j.mcp.client.McpClient client;
    private final dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport transport;

    StdioClient(
        dev.langchain4j.mcp.client.McpClient client,
        dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport transport) {
      this.client = client;
      this.transport = transport;
    }

    /** LangChain4j ends the process it started (the shell); the server under it is ended here. */
    @Override
    public void close() throws Exception {
      List<ProcessHandle> servers = new ArrayList<>();
      Process shell = transport.getProcess();
      if (shell != null) {
        shell.descendants().forEach(servers::add);
      }
      client.close();
      stop(servers);
    }
  }

  /** Every JSON-RPC message the server read, in order; read it after {@link #stop}. */
  static List<JsonNode> received(Path file) throws IOException {
    List<JsonNode> messages = new ArrayList<>();
    if (!Files.exists(file)) {
      return messages;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        messages.add(JSON.readTree(line));
      }
    }
    return messages;
  }

  private static String installedVersion(Path module) {
    try {
      return JSON.readTree(module.resolve("package.json").toFile()).path("version").asText(null);
    } catch (IOException notInstalled) {
      return null;
    }
  }

  private static boolean runs(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException notOnPath) {
      return false;
    }
  }

  private McpServerEverything() {}
}
