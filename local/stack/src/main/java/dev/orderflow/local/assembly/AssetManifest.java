package dev.orderflow.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The file assets of a stack, by the S3 object key that the template refers to. */
final class AssetManifest {

  /** One file asset: where it is in the assembly and how CDK would publish it. */
  record FileAsset(String hash, String sourcePath, String packaging) {}

  private final Map<String, FileAsset> byObjectKey;

  private AssetManifest(Map<String, FileAsset> byObjectKey) {
    this.byObjectKey = byObjectKey;
  }

  static AssetManifest of(List<JsonNode> manifests) {
    Map<String, FileAsset> byKey = new LinkedHashMap<>();
    for (JsonNode manifest : manifests) {
      Iterator<Map.Entry<String, JsonNode>> files = manifest.path("files").fields();
      while (files.hasNext()) {
        Map.Entry<String, JsonNode> file = files.next();
        JsonNode source = file.getValue().path("source");
        FileAsset asset = new FileAsset(file.getKey(), source.path("path").asText(null),
            source.path("packaging").asText("file"));
        if (asset.sourcePath() == null) {
          continue; // an asset built by a command (executable): nothing in the assembly to read
        }
        for (JsonNode destination : file.getValue().path("destinations")) {
          String key = destination.path("objectKey").asText(null);
          if (key != null) {
            byKey.putIfAbsent(key, asset);
          }
        }
      }
    }
    return new AssetManifest(byKey);
  }

  Optional<FileAsset> byObjectKey(String objectKey) {
    return Optional.ofNullable(byObjectKey.get(objectKey));
  }

  Map<String, FileAsset> all() {
    return byObjectKey;
  }
}
