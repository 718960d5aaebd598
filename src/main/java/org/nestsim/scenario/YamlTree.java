package org.nestsim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text with Jackson's streaming parser into a {@link YamlNode} tree with locations. Duplicate
 * keys, aliases and a second document are problems; a syntax error becomes one problem at the place
 * SnakeYAML names, after which the tree is abandoned.
 */
final class YamlTree {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final Problems problems;

  private YamlTree(Problems problems) {
    this.problems = problems;
  }

  /** The document's root, or {@code null} when the text is empty or cannot be parsed (a problem says why). */
  static YamlNode parse(String text, Problems problems) {
    YamlTree tree = new YamlTree(problems);
    JsonParser p;
    try {
      p = FACTORY.createParser(text);
    } catch (IOException e) {
      problems.add(problems.at(1, 1), "cannot read the YAML: " + e.getMessage());
      return null;
    }
    try (p) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      YamlNode root = tree.read(p, t);
      if (p.nextToken() != null) {
        problems.add(tree.location(p), "a scenario file holds one YAML document; this is a second one");
      }
      return root;
    } catch (JsonProcessingException e) {
      tree.syntaxError(e);
    } catch (IOException | RuntimeException e) {
      // Anything else the parser throws on malformed input (Jackson's limits, a SnakeYAML reader error).
      problems.add(tree.currentLocation(p), "cannot read the YAML: " + e.getMessage());
    }
    return null;
  }

  private YamlNode read(JsonParser p, JsonToken t) throws IOException {
    Location at = location(p);
    if (t == null) {
      throw new IOException("unexpected end of the file");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String key = p.getText();
          Location keyAt = location(p);
          YamlNode value = read(p, p.nextToken());
          YamlNode.Entry first = entries.get(key);
          if (first != null) {
            problems.add(keyAt, "duplicate key '" + Problems.quote(key) + "' (first at line "
                + first.keyLocation().line() + ")");
          } else {
            entries.put(key, new YamlNode.Entry(key, keyAt, value));
          }
        }
        if (k != JsonToken.END_OBJECT) {
          throw new IOException("unexpected end of a mapping");
        }
        return new YamlNode.Mapping(at, entries);
      }
      case START_ARRAY: {
        List<YamlNode> items = new ArrayList<>();
        JsonToken i;
        while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(p, i));
        }
        return new YamlNode.Sequence(at, items);
      }
      case VALUE_STRING:
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
          problems.add(at, "aliases (*" + Problems.quote(p.getText()) + ") are not supported; write the value out");
          return new YamlNode.Scalar(at, "", YamlNode.Kind.NULL);
        }
        return new YamlNode.Scalar(at, p.getText(), YamlNode.Kind.STRING);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new YamlNode.Scalar(at, p.getText(), YamlNode.Kind.NUMBER);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YamlNode.Scalar(at, p.getText(), YamlNode.Kind.BOOLEAN);
      case VALUE_NULL:
        return new YamlNode.Scalar(at, "", YamlNode.Kind.NULL);
      default:
        problems.add(at, "unexpected YAML content (" + t + ")");
        return new YamlNode.Scalar(at, "", YamlNode.Kind.NULL);
    }
  }

  private void syntaxError(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      Mark mark = m.getProblemMark();
      String context = m.getContext() != null ? " (" + m.getContext() + ")" : "";
      problems.add(problems.at(mark.getLine() + 1, mark.getColumn() + 1),
          "YAML syntax: " + m.getProblem() + context);
      return;
    }
    JsonLocation l = e.getLocation();
    Location at = l != null && l.getLineNr() > 0 ? problems.at(l.getLineNr(), Math.max(1, l.getColumnNr()))
        : problems.at(1, 1);
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Expected a field name")) {
      message = "a mapping key must be a plain value, not a list or mapping";
    }
    problems.add(at, "YAML syntax: " + message);
  }

  private Location currentLocation(JsonParser p) {
    try {
      JsonLocation l = p.currentLocation();
      return problems.at(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    } catch (RuntimeException e) {
      return problems.at(1, 1);
    }
  }

  private Location location(JsonParser p) {
    JsonLocation l = p.currentTokenLocation();
    return problems.at(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }
}
