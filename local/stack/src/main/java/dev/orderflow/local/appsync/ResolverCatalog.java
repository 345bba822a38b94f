package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The resolvers and pipeline functions of the API, with their code, as the evaluator lists them; and
 * the context each was last given in a traced request, so that its code can be run again against it.
 *
 * <p>A resolver is named {@code Type.field} (e.g. {@code Mutation.postOrder}), a function by its name
 * in the template.
 */
final class ResolverCatalog {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One resolver or function: what it is, where its code is, and how a trace names it. */
  private record Entry(String name, String kind, String typeName, String fieldName, String dataSourceName,
      ApiModel.Code code, java.util.List<String> functions, java.util.List<String> usedBy) {
  }

  private final ApiModel api;
  private final RequestTraces traces;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  ResolverCatalog(ApiModel api, RequestTraces traces) {
    this.api = api;
    this.traces = traces;
    Map<String, java.util.List<String>> usedBy = new LinkedHashMap<>();
    for (ApiModel.FieldResolver r : api.resolvers.values()) {
      String name = r.typeName() + "." + r.fieldName();
      java.util.List<String> functions = r.pipeline().stream().map(ApiModel.Function::name).toList();
      entries.put(name, new Entry(name, r.isPipeline() ? "PIPELINE" : "UNIT", r.typeName(), r.fieldName(),
          r.isPipeline() ? null : r.dataSourceName(), r.code(), functions, java.util.List.of()));
      for (ApiModel.Function f : r.pipeline()) {
        usedBy.computeIfAbsent(f.name(), n -> new java.util.ArrayList<>()).add(name);
      }
    }
    for (ApiModel.FieldResolver r : api.resolvers.values()) {
      for (ApiModel.Function f : r.pipeline()) {
        entries.putIfAbsent(f.name(), new Entry(f.name(), "FUNCTION", null, null, f.dataSourceName(), f.code(),
            java.util.List.of(), usedBy.get(f.name())));
      }
    }
  }

  /**
   * Every resolver, then every function, as {@code GET /_orderflow/resolvers} serves them.
   *
   * @return {@code {"resolvers": [...]}}, each entry as {@link #describe} gives it, without its recorded context
   */
  ObjectNode list() {
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("resolvers");
    entries.values().forEach(e -> list.add(json(e)));
    return out;
  }

  /**
   * One resolver or function, with the contexts it was last given in a kept trace.
   *
   * @param name {@code Type.field} or a function's name
   * @param requestId the request whose context to give, or null for the newest kept one that ran it; when
   *     that request is no longer kept, or did not run it, the newest one is given
   * @return the entry and {@code recorded}: {@code requestId}, {@code time}, {@code path}, and the
   *     {@code request} and {@code response} contexts in the shape EvaluateCode takes; {@code recorded} is
   *     null when no kept trace ran it
   */
  Optional<ObjectNode> describe(String name, String requestId) {
    Entry e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    ObjectNode out = json(e);
    JsonNode recorded = requestId == null ? NODES.nullNode() : traces.get(requestId)
        .map(t -> recorded(e, java.util.List.of(t))).orElse(NODES.nullNode());
    out.set("recorded", recorded.isNull() ? recorded(e, traces.all()) : recorded);
    return Optional.of(out);
  }

  private ObjectNode json(Entry e) {
    ObjectNode out = NODES.objectNode();
    out.put("name", e.name());
    out.put("kind", e.kind());
    out.put("typeName", e.typeName());
    out.put("fieldName", e.fieldName());
    ApiModel.DataSource ds = e.dataSourceName() == null ? null : api.dataSources.get(e.dataSourceName());
    if (e.dataSourceName() == null) {
      out.putNull("dataSource");
    } else {
      out.putObject("dataSource").put("name", e.dataSourceName()).put("type", ds == null ? null : ds.type());
    }
    if ("PIPELINE".equals(e.kind())) {
      ArrayNode functions = out.putArray("functions");
      e.functions().forEach(functions::add);
    }
    if ("FUNCTION".equals(e.kind())) {
      ArrayNode usedBy = out.putArray("usedBy");
      e.usedBy().forEach(usedBy::add);
    }
    out.put("logicalId", e.code().logicalId());
    out.put("code", e.code().source());
    return out;
  }

  /** The newest kept trace of the entry, as contexts EvaluateCode takes; null when none ran it. */
  private static JsonNode recorded(Entry e, java.util.List<RequestTrace> newestFirst) {
    for (RequestTrace request : newestFirst) {
      for (ResolverTrace r : request.resolvers()) {
        ResolverTrace found = "FUNCTION".equals(e.kind()) ? r.function(e.name()).orElse(null)
            : e.name().equals(r.name()) ? r : null;
        if (found != null && found.context() != null) {
          ObjectNode out = NODES.objectNode();
          out.put("requestId", request.requestId());
          out.put("time", request.time().toString());
          out.put("operationName", request.operationName());
          out.put("path", found.path());
          out.set("request", found.context());
          out.set("response", responseContext(found));
          return out;
        }
      }
    }
    return NODES.nullNode();
  }

  /**
   * What the {@code response} handler was given: the request's context with the data source's
   * {@code result} and {@code error} and the stash as the request handler left it; null when the
   * handler did not run.
   */
  private static JsonNode responseContext(ResolverTrace trace) {
    if (trace.response() == null || !trace.response().isObject()) {
      return NODES.nullNode();
    }
    ObjectNode out = trace.context().deepCopy();
    trace.response().fields().forEachRemaining(f -> out.set(f.getKey(), f.getValue()));
    if (out.path("error").isNull()) {
      out.remove("error");
    }
    if ("PIPELINE".equals(trace.kind())) {
      // A pipeline's after step gets the last function's result as prev.result too.
      out.putObject("prev").set("result", out.path("result"));
    }
    return out;
  }
}
