package dev.orderflow.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JUnit 5 extension in its three lifecycles. Each nested class uses it as a test class of
 * a user would; the methods run in order, so that a later one can check what an earlier one saw.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class DynamoDbEngineExtensionTest {

  private static final String CREATE_TABLE = createTable("orders");

  /** The engine the first class with the shared lifecycle was given. */
  private static DynamoDbEngine firstShared;

  @Test
  void theExtensionRefusesToHandOutAnEngineBeforeItStartedOne() {
    assertThatThrownBy(() -> DynamoDbEngineExtension.perMethod().engine())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No engine yet");
  }

  @Nested
  @Order(1)
  @ExtendWith(DynamoDbEngineExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerClassWithExtendWith {

    DynamoDbEngine seenBefore;
    DynamoDbEngine seenByFirstTest;

    @BeforeAll
    void injectsIntoLifecycleMethods(DynamoDbEngine engine) {
      seenBefore = engine;
    }

    @Test
    @Order(1)
    void injectsAStartedEngine(DynamoDbEngine engine) throws IOException {
      seenByFirstTest = engine;
      engine.call("CreateTable", CREATE_TABLE);

      assertThat(DynamoDbEngineTest.listTablesOverSocket(engine.endpoint())).contains("\"TableNames\":[\"orders\"]");
      assertThat(engine).isSameAs(seenBefore);
    }

    @Test
    @Order(2)
    void injectsTheSameEngineIntoEveryTestOfTheClass(DynamoDbEngine engine) {
      assertThat(engine).isSameAs(seenByFirstTest);
      assertThat(engine.call("ListTables", "{}")).isEqualTo("{\"TableNames\":[\"orders\"]}");
    }
  }

  @Nested
  @Order(2)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerMethod {

    @RegisterExtension
    final DynamoDbEngineExtension dynamodb = DynamoDbEngineExtension.perMethod();

    DynamoDbEngine seenByFirstTest;
    URI firstEndpoint;

    @Test
    @Order(1)
    void injectsAFreshEngine(DynamoDbEngine engine) {
      seenByFirstTest = engine;
      firstEndpoint = engine.endpoint();
      engine.call("CreateTable", CREATE_TABLE);

      assertThat(dynamodb.engine()).isSameAs(engine);
    }

    @Test
    @Order(2)
    void injectsAnotherEngineIntoTheNextTestAndClosedTheFirst(DynamoDbEngine engine) {
      assertThat(engine).isNotSameAs(seenByFirstTest);
      assertThat(dynamodb.engine()).isSameAs(engine);
      assertThat(engine.call("ListTables", "{}")).isEqualTo("{\"TableNames\":[]}");
      assertThat(catchThrowableOfType(IOException.class,
          () -> DynamoDbEngineTest.listTablesOverSocket(firstEndpoint)))
          .as("the first test's engine no longer listens")
          .isNotNull();
    }
  }

  @Nested
  @Order(3)
  class SharedFirst {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.shared();

    @Test
    void injectsTheSharedEngine(DynamoDbEngine engine) {
      firstShared = engine;
      // Other classes of the run may share this engine too: a name of this class's own.
      engine.call("CreateTable", createTable("extension-test-shared"));

      assertThat(DYNAMODB.engine()).isSameAs(engine);
    }
  }

  @Nested
  @Order(4)
  class SharedSecond {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.shared();

    @Test
    void injectsTheSameEngineIntoAnotherClassStillRunning(DynamoDbEngine engine) throws IOException {
      assertThat(firstShared).as("the first shared class ran").isNotNull();
      assertThat(engine).isSameAs(firstShared);
      assertThat(DYNAMODB.engine()).isSameAs(engine);
      assertThat(DynamoDbEngineTest.listTablesOverSocket(engine.endpoint())).contains("\"extension-test-shared\"");
    }
  }

  private static String createTable(String name) {
    return "{\"TableName\":\"" + name + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
        + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
        + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}";
  }
}
