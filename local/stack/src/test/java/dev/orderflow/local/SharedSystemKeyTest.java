package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.gateway.IamMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Which test classes {@link LocalSystemExtension#shared} lets share one running system. */
class SharedSystemKeyTest {

  private static final Path ASSEMBLY = Path.of("cdk.out");

  private static Object key(Path assembly, String stack, UnaryOperator<LocalSystemBuilder> settings) {
    return settings.apply(LocalSystem.builder(assembly, stack)).sharingKey();
  }

  @Test
  void theSameAssemblyStackAndSettingsShareOneSystem() {
    UnaryOperator<LocalSystemBuilder> settings = builder -> builder.redeliveryDelay(Duration.ofMillis(500));

    assertThat(key(ASSEMBLY, "Orders", settings))
        .isEqualTo(key(Path.of("cdk.out/../cdk.out").toAbsolutePath(), "Orders",
            builder -> builder.redeliveryDelay(Duration.ofMillis(500))));
    assertThat(key(ASSEMBLY, "Orders", UnaryOperator.identity()))
        .isEqualTo(key(ASSEMBLY, "Orders", UnaryOperator.identity()));
  }

  @Test
  void anotherAssemblyStackOrSettingGetsASystemOfItsOwn() {
    Object plain = key(ASSEMBLY, "Orders", UnaryOperator.identity());

    assertThat(key(Path.of("other.out"), "Orders", UnaryOperator.identity())).isNotEqualTo(plain);
    assertThat(key(ASSEMBLY, "Other", UnaryOperator.identity())).isNotEqualTo(plain);
    assertThat(key(ASSEMBLY, "Orders", builder -> builder.redeliveryDelay(Duration.ofMillis(500))))
        .isNotEqualTo(plain);
    assertThat(key(ASSEMBLY, "Orders", builder -> builder.iam(IamMode.WARN))).isNotEqualTo(plain);
    assertThat(key(ASSEMBLY, "Orders", builder -> builder.retryDelayScale(0.01))).isNotEqualTo(plain);
  }

  @Test
  void aClassThatReadsTheSystemsOutputNeverShares() {
    UnaryOperator<LocalSystemBuilder> capture = builder -> builder.output(line -> { });

    assertThat(key(ASSEMBLY, "Orders", capture)).isNotEqualTo(key(ASSEMBLY, "Orders", capture));
    assertThat(key(ASSEMBLY, "Orders", builder -> builder.log(line -> { })))
        .isNotEqualTo(key(ASSEMBLY, "Orders", UnaryOperator.identity()));
  }
}
