package dev.orderflow.local.appsync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** AppSync's scalars, with the formats the AppSync documentation gives for each. */
final class AwsScalars {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OFFSET = "(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)";
  private static final Pattern DATE = Pattern.compile("-?\\d{4,}-\\d{2}-\\d{2}" + OFFSET + "?");
  private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?" + OFFSET + "?");
  private static final Pattern DATE_TIME =
      Pattern.compile("-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?" + OFFSET);
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()\\-]{3,}[0-9]");
  private static final Pattern IP = Pattern.compile("[0-9a-fA-F:.]+(/\\d{1,3})?");

  private AwsScalars() {
  }

  /** Every AppSync scalar, by name. */
  static List<GraphQLScalarType> all() {
    return List.of(
        text("AWSDate", "an extended ISO 8601 date (YYYY-MM-DD, optionally with an offset)",
            v -> DATE.matcher(v).matches() && validDate(v)),
        text("AWSTime", "an extended ISO 8601 time (hh:mm:ss.sss, optionally with an offset)",
            v -> TIME.matcher(v).matches()),
        text("AWSDateTime", "an extended ISO 8601 date and time with an offset (YYYY-MM-DDThh:mm:ss.sssZ)",
            v -> DATE_TIME.matcher(v).matches() && validDate(v.substring(0, v.indexOf('T')))),
        text("AWSEmail", "an email address (local-part@domain)", v -> EMAIL.matcher(v).matches()),
        text("AWSURL", "a URL with a scheme (scheme://host/path)", AwsScalars::validUrl),
        text("AWSPhone", "a phone number of digits, spaces and hyphens, optionally with a leading +",
            v -> PHONE.matcher(v).matches()),
        text("AWSIPAddress", "an IPv4 or IPv6 address, optionally with a /prefix", AwsScalars::validIp),
        timestamp(),
        json());
  }

  private static boolean validDate(String text) {
    String date = text.replaceFirst("(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)$", "");
    String[] parts = date.startsWith("-") ? date.substring(1).split("-") : date.split("-");
    try {
      java.time.LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean validUrl(String text) {
    try {
      URI uri = new URI(text);
      return uri.getScheme() != null && (uri.getHost() != null || uri.isOpaque());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean validIp(String text) {
    if (!IP.matcher(text).matches()) {
      return false;
    }
    String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
    if (address.contains(":")) {
      try {
        // A literal with only hex digits, colons and dots never triggers a DNS lookup.
        return java.net.InetAddress.getByName(address) instanceof java.net.Inet6Address;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    String[] octets = address.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  private static GraphQLScalarType text(String name, String what, Predicate<String> valid) {
    Coercing<String, String> coercing = new Coercing<>() {
      @Override
      public String serialize(Object value, GraphQLContext context, Locale locale) {
        String s = String.valueOf(value);
        if (!valid.test(s)) {
          throw new CoercingSerializeException("Can't serialize value: '" + s + "' is not a valid " + name + ": " + what);
        }
        return s;
      }

      @Override
      public String parseValue(Object value, GraphQLContext context, Locale locale) {
        if (!(value instanceof String s) || !valid.test(s)) {
          throw new CoercingParseValueException("'" + value + "' is not a valid " + name + ": " + what);
        }
        return s;
      }

      @Override
      public String parseLiteral(Value<?> value, CoercedVariables variables, GraphQLContext context, Locale locale) {
        if (!(value instanceof StringValue s) || !valid.test(s.getValue())) {
          throw new CoercingParseLiteralException("'" + literalText(value) + "' is not a valid " + name + ": " + what);
        }
        return s.getValue();
      }

      @Override
      public Value<?> valueToLiteral(Object value, GraphQLContext context, Locale locale) {
        return StringValue.of(String.valueOf(value));
      }
    };
    return GraphQLScalarType.newScalar().name(name).description("AppSync's " + name + ": " + what).coercing(coercing)
        .build();
  }

  private static GraphQLScalarType timestamp() {
    Coercing<Long, Long> coercing = new Coercing<>() {
      @Override
      public Long serialize(Object value, GraphQLContext context, Locale locale) {
        if (value instanceof Number n) {
          return n.longValue();
        }
        try {
          return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
          throw new CoercingSerializeException("Can't serialize value: '" + value + "' is not a valid AWSTimestamp:"
              + " a whole number of seconds since 1970-01-01T00:00Z");
        }
      }

      @Override
      public Long parseValue(Object value, GraphQLContext context, Locale locale) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
          return n.longValue();
        }
        throw new CoercingParseValueException("'" + value + "' is not a valid AWSTimestamp: a whole number of seconds"
            + " since 1970-01-01T00:00Z");
      }

      @Override
      public Long parseLiteral(Value<?> value, CoercedVariables variables, GraphQLContext context, Locale locale) {
        if (value instanceof IntValue i) {
          return i.getValue().longValue();
        }
        throw new CoercingParseLiteralException("'" + literalText(value) + "' is not a valid AWSTimestamp: a whole"
            + " number of seconds since 1970-01-01T00:00Z");
      }

      @Override
      public Value<?> valueToLiteral(Object value, GraphQLContext context, Locale locale) {
        return IntValue.of(((Number) value).intValue());
      }
    };
    return GraphQLScalarType.newScalar().name("AWSTimestamp")
        .description("AppSync's AWSTimestamp: seconds since 1970-01-01T00:00Z").coercing(coercing).build();
  }

  /** AWSJSON: a JSON text on the wire; resolvers see it parsed, as AppSync gives it to them. */
  private static GraphQLScalarType json() {
    Coercing<Object, String> coercing = new Coercing<>() {
      @Override
      public String serialize(Object value, GraphQLContext context, Locale locale) {
        if (value instanceof String s) {
          try {
            JSON.readTree(s);
            return s;
          } catch (JsonProcessingException e) {
            // not JSON text: written as a JSON string below
          }
        }
        try {
          return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
          throw new CoercingSerializeException("Can't serialize value as AWSJSON: " + e.getOriginalMessage());
        }
      }

      @Override
      public Object parseValue(Object value, GraphQLContext context, Locale locale) {
        if (value instanceof String s) {
          try {
            return JSON.readValue(s, Object.class);
          } catch (JsonProcessingException e) {
            throw new CoercingParseValueException("'" + s + "' is not a valid AWSJSON: " + e.getOriginalMessage());
          }
        }
        return value;
      }

      @Override
      public Object parseLiteral(Value<?> value, CoercedVariables variables, GraphQLContext context, Locale locale) {
        if (value instanceof StringValue s) {
          return parseValue(s.getValue(), context, locale);
        }
        throw new CoercingParseLiteralException("'" + literalText(value) + "' is not a valid AWSJSON: write it as a"
            + " string holding JSON");
      }

      @Override
      public Value<?> valueToLiteral(Object value, GraphQLContext context, Locale locale) {
        return StringValue.of(serialize(value, context, locale));
      }
    };
    return GraphQLScalarType.newScalar().name("AWSJSON").description("AppSync's AWSJSON: a JSON text")
        .coercing(coercing).build();
  }

  private static String literalText(Value<?> value) {
    if (value instanceof StringValue s) {
      return s.getValue();
    }
    if (value instanceof IntValue i) {
      return i.getValue().toString();
    }
    if (value instanceof FloatValue f) {
      return f.getValue().toString();
    }
    if (value instanceof BooleanValue b) {
      return String.valueOf(b.isValue());
    }
    if (value instanceof NullValue) {
      return "null";
    }
    if (value instanceof VariableReference v) {
      return "$" + v.getName();
    }
    if (value instanceof ArrayValue a) {
      List<String> parts = new ArrayList<>();
      a.getValues().forEach(v -> parts.add(literalText(v)));
      return parts.toString();
    }
    if (value instanceof ObjectValue o) {
      Map<String, String> parts = new LinkedHashMap<>();
      for (ObjectField f : o.getObjectFields()) {
        parts.put(f.getName(), literalText(f.getValue()));
      }
      return parts.toString();
    }
    return String.valueOf(value);
  }

}
