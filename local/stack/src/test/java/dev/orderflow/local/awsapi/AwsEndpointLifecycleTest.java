package dev.orderflow.local.awsapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.gateway.IamMode;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The AWS endpoint's port and threads live as long as the local system. */
// Counts the JVM's threads: nothing runs beside it.
@Isolated
class AwsEndpointLifecycleTest {

  @TempDir
  Path directory;

  @Test
  void listensOnTheGivenLoopbackPortUntilTheSystemCloses() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    LocalSystem system = LocalSystem.builder(AwsApiStack.cloudAssembly(directory), AwsApiStack.NAME)
        .iam(IamMode.OFF).awsPort(port).start();
    URI endpoint = system.awsEndpoint();
    HttpURLConnection health = (HttpURLConnection) endpoint.toURL().openConnection();
    int status = health.getResponseCode();
    health.disconnect();

    system.close();

    assertThat(endpoint).isEqualTo(URI.create("http://127.0.0.1:" + port));
    assertThat(status).isEqualTo(200);
    assertThat(portIsFree(port)).isTrue();
    AwsEndpointTest.awaitTrue(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("orderflow-aws-endpoint")));
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
