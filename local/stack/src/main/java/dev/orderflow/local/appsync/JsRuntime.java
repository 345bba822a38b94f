package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * APPSYNC_JS code run in one long-lived Node.js process (the runner script bundled into this jar),
 * with newline-delimited JSON over its standard input and output. Node.js rather than an engine in
 * the JVM: the local system needs Node.js already (Step Functions), it is the engine the resolver
 * tests use, and it costs the jar nothing, where GraalJS would add tens of megabytes.
 */
final class JsRuntime implements AutoCloseable {

  static final String SCRIPT_RESOURCE = "appsync-runner.cjs";
  private static final System.Logger LOG = System.getLogger(JsRuntime.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path script;
  private final Process process;
  private final OutputStream toNode;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
  private volatile boolean closed;

  JsRuntime(String nodeExecutable) {
    this.script = extractScript();
    try {
      this.process = new ProcessBuilder(nodeExecutable, "--no-warnings", script.toString()).start();
    } catch (IOException e) {
      deleteScript();
      throw new IllegalStateException("Node.js was not found ('" + nodeExecutable + "' could not be run): install"
          + " Node.js 20 or newer (https://nodejs.org) and put it on the PATH to run APPSYNC_JS resolvers locally", e);
    }
    this.toNode = process.getOutputStream();
    Thread out = new Thread(this::readAnswers, "appsync-js-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(this::readLog, "appsync-js-stderr");
    err.setDaemon(true);
    err.start();
    try {
      ready.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting the APPSYNC_JS runner", e);
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new IllegalStateException("the APPSYNC_JS runner (Node.js) did not start: " + stderr(), e);
    }
  }

  private static Path extractScript() {
    try (InputStream in = JsRuntime.class.getResourceAsStream(SCRIPT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the class path: build orderflow-local"
            + " with Maven, which bundles it");
      }
      Path file = Files.createTempFile("orderflow-appsync-", ".cjs");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the APPSYNC_JS runner to a temporary file", e);
    }
  }

  /**
   * Loads one module of code.
   *
   * @throws IllegalStateException with the syntax or load error, naming the resource
   */
  void load(ApiModel.Code code) {
    ObjectNode message = JSON.createObjectNode();
    message.put("op", "load");
    message.put("module", code.moduleId());
    message.put("code", code.source());
    JsonNode answer = call(message);
    if (answer.has("loadError")) {
      throw new IllegalStateException(code.logicalId() + ".Code does not load as an APPSYNC_JS module: "
          + answer.get("loadError").asText());
    }
  }

  /**
   * Runs {@code request} or {@code response} of a loaded module.
   *
   * @return the runner's answer: result, stash, appended, extensions, earlyReturn, skipTo, error
   */
  JsonNode run(ApiModel.Code code, String handler, JsonNode ctx, String authType) {
    ObjectNode message = JSON.createObjectNode();
    message.put("op", "run");
    message.put("module", code.moduleId());
    message.put("handler", handler);
    message.set("ctx", ctx);
    message.put("authType", authType);
    return call(message);
  }

  private JsonNode call(ObjectNode message) {
    if (closed) {
      throw new IllegalStateException("the APPSYNC_JS runner is closed");
    }
    long id = ids.incrementAndGet();
    message.put("id", id);
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      byte[] line = (JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (toNode) {
        toNode.write(line);
        toNode.flush();
      }
      return answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("the APPSYNC_JS runner (Node.js) is gone: " + stderr(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running APPSYNC_JS code", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the APPSYNC_JS runner (Node.js) failed: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new IllegalStateException("APPSYNC_JS code did not finish within " + TIMEOUT.toSeconds() + " seconds");
    } finally {
      pending.remove(id);
    }
  }

  private void readAnswers() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode answer;
        try {
          answer = JSON.readTree(line);
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "APPSYNC_JS runner wrote a line that is not JSON: " + line);
          continue;
        }
        if (answer.path("ready").asBoolean()) {
          ready.complete(answer);
          continue;
        }
        CompletableFuture<JsonNode> waiting = pending.get(answer.path("id").asLong());
        if (waiting != null) {
          waiting.complete(answer);
        }
      }
    } catch (IOException e) {
      // the process ended; waiting calls fail below
    }
    IllegalStateException gone = new IllegalStateException("Node.js ended: " + stderr());
    ready.completeExceptionally(gone);
    pending.values().forEach(f -> f.completeExceptionally(gone));
  }

  private void readLog() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        // console output of resolver code: AppSync sends it to CloudWatch Logs; here, the logger
        LOG.log(System.Logger.Level.INFO, line);
        synchronized (stderrTail) {
          stderrTail.addLast(line);
          if (stderrTail.size() > 20) {
            stderrTail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private String stderr() {
    synchronized (stderrTail) {
      return stderrTail.isEmpty() ? "(it printed nothing)" : String.join("\n", stderrTail);
    }
  }

  private void deleteScript() {
    try {
      Files.deleteIfExists(script);
    } catch (IOException e) {
      // a temporary file; deleteOnExit tries again
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      toNode.close();
    } catch (IOException e) {
      // the process is ending anyway
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    deleteScript();
  }
}
