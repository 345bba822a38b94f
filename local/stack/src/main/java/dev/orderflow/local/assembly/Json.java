package dev.orderflow.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one JSON mapper of the assembly reader. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode read(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new AssemblyException(what + " " + file + " does not exist");
    }
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssemblyException(what + " " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
