package dev.orderflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state machine's top-level states laid out top-down, as the Step Functions console draws a
 * workflow: a Start node above the {@code StartAt} state, each state one row below the lowest state
 * that leads to it, an End node below every state that ends the execution, and the states of a row
 * side by side. Edges that lead back up (loops through a Choice, a Catch to an earlier state) are
 * marked, so that they are drawn around the states rather than through them.
 *
 * <p>Coordinates are in pixels of an SVG drawing whose size is {@code width} by {@code height}.
 */
public final class WorkflowGraph {

  /** The name of the node above the first state. */
  public static final String START = "Start";
  /** The name of the node below the states that end the execution. */
  public static final String END = "End";
  static final int NODE_WIDTH = 180;
  static final int NODE_HEIGHT = 36;
  static final int COLUMN_GAP = 40;
  static final int ROW_GAP = 44;
  static final int MARGIN = 24;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private WorkflowGraph() {
  }

  /** An edge of the drawing: {@code kind} is next, default, choice or catch. */
  record Edge(String from, String to, String kind) {
  }

  /**
   * Lays out a definition.
   *
   * @param definition the Amazon States Language definition, parsed
   * @return {@code nodes} (name, type, x, y, width, height, and {@code parent} for a state inside a
   *     Map or Parallel state, which is drawn as a box around its states), {@code edges} (from, to,
   *     kind, back), {@code width} and {@code height}
   */
  public static ObjectNode layout(JsonNode definition) {
    ObjectNode graph = NODES.objectNode();
    ArrayNode nodes = graph.putArray("nodes");
    ArrayNode edgeList = graph.putArray("edges");
    Block block = block(definition, true);
    block.place(MARGIN, MARGIN, null, nodes, edgeList);
    graph.put("width", block.width + 2 * MARGIN);
    graph.put("height", block.height + 2 * MARGIN);
    return graph;
  }

  /** Room above a Map or Parallel state's inner states, for its name. */
  static final int HEADER = 28;
  /** Room around a Map or Parallel state's inner states. */
  static final int PADDING = 14;

  /** One state: a box of its own size, holding the blocks of its branches when it has any. */
  private record Item(String name, String type, int width, int height, List<Block> branches) {
  }

  /** A scope of states laid out in rows, with coordinates relative to its top left corner. */
  private static final class Block {
    final List<List<Item>> rows = new ArrayList<>();
    final List<Edge> edges;
    final Set<Edge> back;
    int width;
    int height;

    Block(List<Edge> edges, Set<Edge> back) {
      this.edges = edges;
      this.back = back;
    }

    void place(int left, int top, String parent, ArrayNode nodes, ArrayNode edgeList) {
      int y = top;
      for (List<Item> row : rows) {
        int rowWidth = row.stream().mapToInt(Item::width).sum() + (row.size() - 1) * COLUMN_GAP;
        int rowHeight = row.stream().mapToInt(Item::height).max().orElse(NODE_HEIGHT);
        int x = left + (width - rowWidth) / 2;
        for (Item item : row) {
          ObjectNode node = nodes.addObject().put("name", item.name()).put("type", item.type()).put("x", x).put("y", y)
              .put("width", item.width()).put("height", item.height()).put("parent", parent);
          node.put("container", !item.branches().isEmpty());
          int branchX = x + PADDING;
          for (Block branch : item.branches()) {
            branch.place(branchX, y + HEADER, item.name(), nodes, edgeList);
            branchX += branch.width + COLUMN_GAP;
          }
          x += item.width() + COLUMN_GAP;
        }
        y += rowHeight + ROW_GAP;
      }
      edges.forEach(edge -> edgeList.addObject().put("from", edge.from()).put("to", edge.to()).put("kind", edge.kind())
          .put("back", back.contains(edge)));
    }
  }

  /** Lays out one scope: the whole definition (with Start and End) or a branch or item processor. */
  private static Block block(JsonNode scope, boolean outer) {
    Map<String, Item> items = new LinkedHashMap<>();
    if (outer) {
      items.put(START, new Item(START, "Start", NODE_WIDTH, NODE_HEIGHT, List.of()));
    }
    scope.path("States").fields().forEachRemaining(state -> items.put(state.getKey(),
        item(state.getKey(), state.getValue())));
    if (outer) {
      items.put(END, new Item(END, "End", NODE_WIDTH, NODE_HEIGHT, List.of()));
    }
    List<Edge> edges = edges(scope, outer);
    Map<String, List<String>> outgoing = new HashMap<>();
    edges.forEach(edge -> outgoing.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to()));
    String first = outer ? START : scope.path("StartAt").asText();
    Set<Edge> back = backEdges(first, outgoing, edges);
    Map<String, Integer> rowOf = rows(first, items.keySet(), edges, back, outer);
    Block block = new Block(edges, back);
    items.values().forEach(item -> {
      int row = rowOf.getOrDefault(item.name(), 0);
      while (block.rows.size() <= row) {
        block.rows.add(new ArrayList<>());
      }
      block.rows.get(row).add(item);
    });
    block.rows.removeIf(List::isEmpty);
    block.width = block.rows.stream().mapToInt(row -> row.stream().mapToInt(Item::width).sum()
        + (row.size() - 1) * COLUMN_GAP).max().orElse(NODE_WIDTH);
    block.height = block.rows.stream().mapToInt(row -> row.stream().mapToInt(Item::height).max().orElse(0)).sum()
        + Math.max(0, block.rows.size() - 1) * ROW_GAP;
    return block;
  }

  private static Item item(String name, JsonNode state) {
    String type = state.path("Type").asText("Task");
    List<Block> branches = new ArrayList<>();
    if (type.equals("Map")) {
      JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
      if (processor.has("States")) {
        branches.add(block(processor, false));
      }
    } else if (type.equals("Parallel")) {
      state.path("Branches").forEach(branch -> branches.add(block(branch, false)));
    }
    if (branches.isEmpty()) {
      return new Item(name, type, NODE_WIDTH, NODE_HEIGHT, List.of());
    }
    int width = Math.max(NODE_WIDTH, branches.stream().mapToInt(b -> b.width).sum()
        + (branches.size() - 1) * COLUMN_GAP + 2 * PADDING);
    int height = branches.stream().mapToInt(b -> b.height).max().orElse(0) + HEADER + PADDING;
    return new Item(name, type, width, height, branches);
  }

  /** Every transition of the definition, the Start and End nodes' included, without repeats. */
  static List<Edge> edges(JsonNode definition, boolean outer) {
    Set<Edge> edges = new java.util.LinkedHashSet<>();
    JsonNode states = definition.path("States");
    if (outer && definition.hasNonNull("StartAt")) {
      edges.add(new Edge(START, definition.get("StartAt").asText(), "next"));
    }
    Iterator<Map.Entry<String, JsonNode>> it = states.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode state = entry.getValue();
      String type = state.path("Type").asText();
      if (state.hasNonNull("Next")) {
        edges.add(new Edge(name, state.get("Next").asText(), "next"));
      }
      state.path("Choices").forEach(choice -> {
        if (choice.hasNonNull("Next")) {
          edges.add(new Edge(name, choice.get("Next").asText(), "choice"));
        }
      });
      if (state.hasNonNull("Default")) {
        edges.add(new Edge(name, state.get("Default").asText(), "default"));
      }
      state.path("Catch").forEach(katch -> {
        if (katch.hasNonNull("Next")) {
          edges.add(new Edge(name, katch.get("Next").asText(), "catch"));
        }
      });
      if (outer && (state.path("End").asBoolean(false) || type.equals("Succeed") || type.equals("Fail"))) {
        edges.add(new Edge(name, END, "next"));
      }
    }
    // A transition to a state that the definition lacks is not drawn: the validator refused it anyway.
    edges.removeIf(edge -> !edge.to().equals(END) && !states.has(edge.to()));
    return new ArrayList<>(edges);
  }

  /** The edges that close a loop, found by a depth-first walk from the first node. */
  private static Set<Edge> backEdges(String first, Map<String, List<String>> outgoing, List<Edge> edges) {
    Set<String> done = new HashSet<>();
    Set<String> onPath = new HashSet<>();
    Set<List<String>> back = new HashSet<>();
    walk(first, outgoing, done, onPath, back);
    Set<Edge> result = new HashSet<>();
    edges.forEach(edge -> {
      if (back.contains(List.of(edge.from(), edge.to()))) {
        result.add(edge);
      }
    });
    return result;
  }

  private static void walk(String node, Map<String, List<String>> outgoing, Set<String> done, Set<String> onPath,
      Set<List<String>> back) {
    onPath.add(node);
    for (String next : outgoing.getOrDefault(node, List.of())) {
      if (onPath.contains(next)) {
        back.add(List.of(node, next));
      } else if (!done.contains(next)) {
        walk(next, outgoing, done, onPath, back);
      }
    }
    onPath.remove(node);
    done.add(node);
  }

  /**
   * Each node's row: the longest way to it from the first node over the forward edges. States that
   * no transition reaches sit in the row below the first; End sits below everything.
   */
  private static Map<String, Integer> rows(String first, Set<String> names, List<Edge> edges, Set<Edge> back,
      boolean outer) {
    Map<String, Integer> rows = new HashMap<>();
    names.forEach(name -> rows.put(name, name.equals(first) ? 0 : 1));
    // Longest paths in a graph without cycles settle within as many rounds as it has nodes.
    for (int round = 0; round < names.size(); round++) {
      boolean changed = false;
      for (Edge edge : edges) {
        if (back.contains(edge)) {
          continue;
        }
        int candidate = rows.get(edge.from()) + 1;
        if (candidate > rows.getOrDefault(edge.to(), 0)) {
          rows.put(edge.to(), candidate);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    if (outer) {
      int lowest = rows.entrySet().stream().filter(e -> !e.getKey().equals(END)).mapToInt(Map.Entry::getValue).max()
          .orElse(0);
      rows.put(END, lowest + 1);
    }
    return rows;
  }
}
