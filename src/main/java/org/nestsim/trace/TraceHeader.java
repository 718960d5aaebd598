package org.nestsim.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The first line of a trace file: what to run again and how. A scenario run names the file and the
 * SHA-256 of its content (64 lowercase hex digits); a generated run ({@code nestsim stress …}) has
 * both null and names its full command line instead. Canonical form, keys in this order:
 *
 * <pre>{"nestsim-trace":1,"scenario":"a.yaml","scenario-sha256":"…","command":[],"seed":7,
 * "mode":"deterministic","version":"0.1.0"}</pre>
 *
 * <p>The header is not part of the trace hash.
 *
 * @param scenario the scenario's path as given on the command line, or null for a generated run
 * @param scenarioSha256 the scenario file's SHA-256 (64 lowercase hex), null exactly when scenario is
 * @param command the command line (may be empty for a scenario run, never for a generated one)
 * @param seed the run's seed
 * @param mode the run's mode ({@code deterministic} or {@code parallel})
 * @param version NestSim's version
 */
public record TraceHeader(String scenario, String scenarioSha256, List<String> command, long seed,
    String mode, String version) {

  /** The format version, the value of {@code "nestsim-trace"}. */
  public static final int FORMAT = 1;

  private static final List<String> KEYS =
      List.of("nestsim-trace", "scenario", "scenario-sha256", "command", "seed", "mode", "version");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Checks the invariants above; throws {@link IllegalArgumentException} when one fails. */
  public TraceHeader {
    command = command == null ? List.of() : List.copyOf(command);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(version, "version");
    String problem = problem(scenario, scenarioSha256, command);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** The header of a run of a scenario file whose content hashes to {@code sha256}. */
  public static TraceHeader forScenario(String scenario, String sha256, long seed, String mode,
      String version) {
    return new TraceHeader(scenario, sha256, List.of(), seed, mode, version);
  }

  /** The header of a generated run, named by its full command line. */
  public static TraceHeader forCommand(List<String> command, long seed, String mode, String version) {
    return new TraceHeader(null, null, command, seed, mode, version);
  }

  /** SHA-256 of {@code content} as 64 lowercase hex digits: the form of {@link #scenarioSha256()}. */
  public static String sha256Of(byte[] content) {
    try {
      byte[] sum = MessageDigest.getInstance("SHA-256").digest(content);
      return JsonLine.hexBytes(sum, 0, sum.length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The canonical line, without newline. */
  public String canonical() {
    StringBuilder sb = new StringBuilder(160).append("{\"nestsim-trace\":").append(FORMAT);
    JsonLine.string(sb, "scenario", scenario);
    JsonLine.string(sb, "scenario-sha256", scenarioSha256);
    sb.append(",\"command\":[");
    for (int i = 0; i < command.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      JsonLine.quoted(sb, command.get(i));
    }
    sb.append(']');
    JsonLine.number(sb, "seed", seed);
    JsonLine.string(sb, "mode", mode);
    JsonLine.string(sb, "version", version);
    return sb.append('}').toString();
  }

  /**
   * Parses a header line. Keys may come in any order, but all seven must be there, none other, with
   * the types of the canonical form.
   *
   * @throws TraceFormatException at line 1, no file; {@link TraceReader} adds the file
   */
  public static TraceHeader parse(String line) throws TraceFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw fault("not a trace header: not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw fault("not a trace header: not a JSON object");
    }
    JsonNode format = root.get("nestsim-trace");
    if (format == null) {
      throw fault("not a trace header: no \"nestsim-trace\" key");
    }
    if (!format.isInt() || format.intValue() != FORMAT) {
      throw fault("unsupported trace format " + format + " (this NestSim reads " + FORMAT + ")");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw fault("header: unknown key \"" + name + "\"");
      }
    }
    String scenario = nullableText(root, "scenario");
    String sha = nullableText(root, "scenario-sha256");
    List<String> command = commandOf(required(root, "command"));
    JsonNode seed = required(root, "seed");
    if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
      throw fault("header: \"seed\" must be an integer that fits 64 bits, not " + seed);
    }
    String mode = text(root, "mode");
    String version = text(root, "version");
    String problem = problem(scenario, sha, command);
    if (problem != null) {
      throw fault("header: " + problem);
    }
    return new TraceHeader(scenario, sha, command, seed.longValue(), mode, version);
  }

  static boolean isSha256Hex(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String problem(String scenario, String sha, List<String> command) {
    if ((scenario == null) != (sha == null)) {
      return "scenario and scenario-sha256 go together (" + scenario + ", " + sha + ")";
    }
    if (sha != null && !isSha256Hex(sha)) {
      return "scenario-sha256 must be 64 lowercase hex digits, not \"" + sha + "\"";
    }
    if (scenario == null && command.isEmpty()) {
      return "a generated run (no scenario) must name its command line";
    }
    return null;
  }

  private static JsonNode required(JsonNode root, String key) throws TraceFormatException {
    JsonNode node = root.get(key);
    if (node == null) {
      throw fault("header: missing \"" + key + "\"");
    }
    return node;
  }

  private static String nullableText(JsonNode root, String key) throws TraceFormatException {
    JsonNode node = required(root, key);
    if (node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw fault("header: \"" + key + "\" must be a string or null, not " + node);
    }
    return node.textValue();
  }

  private static String text(JsonNode root, String key) throws TraceFormatException {
    JsonNode node = required(root, key);
    if (!node.isTextual()) {
      throw fault("header: \"" + key + "\" must be a string, not " + node);
    }
    return node.textValue();
  }

  private static List<String> commandOf(JsonNode node) throws TraceFormatException {
    if (!node.isArray()) {
      throw fault("header: \"command\" must be an array of strings, not " + node);
    }
    List<String> words = new ArrayList<>(node.size());
    for (JsonNode word : node) {
      if (!word.isTextual()) {
        throw fault("header: \"command\" must be an array of strings, found " + word);
      }
      words.add(word.textValue());
    }
    return words;
  }

  private static TraceFormatException fault(String reason) {
    return new TraceFormatException(null, 1, reason);
  }
}
