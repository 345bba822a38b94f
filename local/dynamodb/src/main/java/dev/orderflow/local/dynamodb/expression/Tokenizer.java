package dev.orderflow.local.dynamodb.expression;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens; an unknown character is a syntax error. */
final class Tokenizer {

  private Tokenizer() {}

  static List<Token> tokenize(String text, String parameterName) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int length = text.length();
    while (i < length) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
        continue;
      }
      int start = i;
      Token.Type type;
      if (isLetter(c)) {
        i = word(text, i + 1);
        type = Token.Type.NAME;
      } else if (c >= '0' && c <= '9') {
        while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
          i++;
        }
        type = Token.Type.NUMBER;
      } else if (c == '#' || c == ':') {
        i = word(text, i + 1);
        if (i == start + 1) {
          throw unexpected(text, tokens, start, parameterName);
        }
        type = c == '#' ? Token.Type.NAME_REF : Token.Type.VALUE_REF;
      } else {
        i++;
        switch (c) {
          case '.': type = Token.Type.DOT; break;
          case '[': type = Token.Type.LBRACKET; break;
          case ']': type = Token.Type.RBRACKET; break;
          case '(': type = Token.Type.LPAREN; break;
          case ')': type = Token.Type.RPAREN; break;
          case ',': type = Token.Type.COMMA; break;
          case '+': type = Token.Type.PLUS; break;
          case '-': type = Token.Type.MINUS; break;
          case '=': type = Token.Type.EQ; break;
          case '<':
            if (i < length && text.charAt(i) == '>') {
              i++;
              type = Token.Type.NE;
            } else if (i < length && text.charAt(i) == '=') {
              i++;
              type = Token.Type.LE;
            } else {
              type = Token.Type.LT;
            }
            break;
          case '>':
            if (i < length && text.charAt(i) == '=') {
              i++;
              type = Token.Type.GE;
            } else {
              type = Token.Type.GT;
            }
            break;
          default:
            throw unexpected(text, tokens, start, parameterName);
        }
      }
      tokens.add(new Token(type, text.substring(start, i), start, i));
    }
    tokens.add(new Token(Token.Type.EOF, "<EOF>", length, length));
    return tokens;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int word(String text, int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (isLetter(c) || (c >= '0' && c <= '9') || c == '_') {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static RuntimeException unexpected(String text, List<Token> tokens, int at, String parameterName) {
    int from = tokens.isEmpty() ? at : tokens.get(tokens.size() - 1).start();
    return Errors.syntax(parameterName, text.substring(at, at + 1), text.substring(from, at + 1));
  }
}
