package dev.orderflow.local.appsync;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operations GraphiQL opens with: one per query and mutation field of the API's schema, each
 * with its arguments as variables and the fields of its result, so a newcomer sees the API's own
 * operations instead of an empty page.
 */
final class ExampleOperations {

  private static final int DEPTH = 2;

  private ExampleOperations() {
  }

  /**
   * A document of every query and mutation of a schema.
   *
   * @param schema the API's schema
   * @param apiName the API's name, for the heading comment
   * @return the document
   */
  static String of(GraphQLSchema schema, String apiName) {
    StringBuilder document = new StringBuilder();
    document.append("# ").append(apiName).append(" on this machine. The API key is in the Headers pane below;\n")
        .append("# each request's resolvers are traced at /_orderflow/requests. Pick an operation to run.\n");
    append(document, "query", schema.getQueryType());
    append(document, "mutation", schema.getMutationType());
    return document.toString();
  }

  private static void append(StringBuilder document, String keyword, GraphQLObjectType root) {
    if (root == null) {
      return;
    }
    for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
      List<String> variables = new ArrayList<>();
      List<String> arguments = new ArrayList<>();
      for (GraphQLArgument argument : field.getArguments()) {
        variables.add("$" + argument.getName() + ": " + GraphQLTypeUtil.simplePrint(argument.getType()));
        arguments.add(argument.getName() + ": $" + argument.getName());
      }
      document.append('\n').append(keyword).append(' ').append(operationName(field.getName()))
          .append(variables.isEmpty() ? "" : "(" + String.join(", ", variables) + ")").append(" {\n  ")
          .append(field.getName()).append(arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")")
          .append(selection(field.getType(), 1)).append("\n}\n");
    }
  }

  /** The leaf fields of a result, and of the objects inside it down to {@value #DEPTH} levels. */
  private static String selection(GraphQLOutputType type, int depth) {
    GraphQLType inner = GraphQLTypeUtil.unwrapAll(type);
    if (!(inner instanceof GraphQLFieldsContainer container)) {
      return "";
    }
    List<String> fields = new ArrayList<>();
    for (GraphQLFieldDefinition field : container.getFieldDefinitions()) {
      GraphQLType fieldType = GraphQLTypeUtil.unwrapAll(field.getType());
      if (!(fieldType instanceof GraphQLFieldsContainer)) {
        fields.add(field.getName());
      } else if (depth < DEPTH) {
        fields.add(field.getName() + selection(field.getType(), depth + 1));
      }
    }
    if (fields.isEmpty()) {
      return " { __typename }";
    }
    return " { " + String.join(" ", fields) + " }";
  }

  private static String operationName(String field) {
    return field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1);
  }
}
