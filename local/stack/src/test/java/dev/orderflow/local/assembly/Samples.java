package dev.orderflow.local.assembly;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The handwritten cloud assembly under the test resources. */
final class Samples {

  private Samples() {}

  static Path sampleAssembly() {
    try {
      return Path.of(Samples.class.getResource("sample.out/manifest.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static StackTemplate sampleStack() {
    return CloudAssembly.read(sampleAssembly()).stack("Sample");
  }
}
