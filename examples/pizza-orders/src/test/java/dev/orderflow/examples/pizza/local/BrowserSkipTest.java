package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Without Chromium, each browser class is reported as skipped, with the reason, so that Maven's
 * summary counts its tests as skipped ("Tests run: 2, ... Skipped: 2") rather than as none run;
 * and none of its tests, nor the local system they would share, starts. The classes run here
 * through JUnit's launcher, as surefire runs them, with Chromium hidden by {@code orderflow.chromium}.
 */
// Hides Chromium through a system property the browser classes read: nothing runs beside it.
@Isolated
class BrowserSkipTest {

  private static final List<Class<?>> BROWSER_CLASSES =
      List.of(GraphiqlBrowserTest.class, ConsoleBrowserTest.class, InspectorBrowserTest.class);

  @Test
  void withoutChromiumEveryBrowserClassIsSkippedWithTheReasonAndStartsNothing() {
    Events events = new Events();
    String chromium = System.getProperty("orderflow.chromium");
    System.setProperty("orderflow.chromium", "/nonexistent/chromium");
    try {
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(BROWSER_CLASSES.stream().map(type -> selectClass(type)).toList()).build(), events);
    } finally {
      if (chromium == null) {
        System.clearProperty("orderflow.chromium");
      } else {
        System.setProperty("orderflow.chromium", chromium);
      }
    }

    for (Class<?> type : BROWSER_CLASSES) {
      TestIdentifier container = events.classes.get(type.getName());
      assertThat(container).as(type.getSimpleName() + " in the test plan").isNotNull();
      // Surefire counts each test under a skipped class as run and skipped.
      assertThat(events.plan.getDescendants(container)).as(type.getSimpleName() + "'s tests")
          .anyMatch(TestIdentifier::isTest);
      assertThat(events.skipped).as(type.getSimpleName() + " skipped, with the reason")
          .containsEntry(container.getUniqueId(), HeadlessChromium.NOT_INSTALLED);
    }
    assertThat(events.started).as("classes and tests started").isEmpty();
    assertThat(events.failed).as("failed or aborted").isEmpty();
  }

  /** What the launcher reported. */
  private static final class Events implements TestExecutionListener {
    TestPlan plan;
    final Map<String, TestIdentifier> classes = new ConcurrentHashMap<>();
    final Map<String, String> skipped = new ConcurrentHashMap<>();
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      plan = testPlan;
      testPlan.getRoots().forEach(root -> testPlan.getChildren(root).forEach(child ->
          child.getSource().ifPresent(source -> classes.put(
              ((org.junit.platform.engine.support.descriptor.ClassSource) source).getClassName(), child))));
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
      skipped.put(identifier.getUniqueId(), reason);
    }

    @Override
    public void executionStarted(TestIdentifier identifier) {
      if (identifier.getSource().isPresent()) {
        started.add(identifier.getDisplayName());
      }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        failed.add(identifier.getDisplayName() + ": " + result);
      }
    }
  }
}
