package org.nestsim.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads a scenario file (../shared/spec/scenario-format.md) into a checked {@link Scenario}. It reads
 * the YAML into a tree with locations, then interprets every key, filling in defaults and assembling
 * programs; it does not stop at the first problem but throws one {@link ScenarioException} listing
 * them all as {@code FILE:LINE:COL: message}, in file order. Unknown keys are problems, with a "did you
 * mean" when one is close.
 */
public final class ScenarioLoader {
  private static final List<String> KEYS = List.of("name", "description", "seed", "mode", "limits", "l0", "l1",
      "guests", "events", "expect");
  private static final List<String> LIMITS = List.of("instructions", "exits", "time");
  private static final List<String> L1_KEYS = List.of("model", "memory", "steps", "setup", "threads", "teardown");
  private static final long PAGE = 4096;

  private final Problems problems;
  private final Values values;
  private final Programs programs;

  private ScenarioLoader(Problems problems, Path baseDir) {
    this.problems = problems;
    this.values = new Values(problems);
    this.programs = new Programs(values, baseDir);
  }

  /** Loads {@code file}; program files are relative to its directory and problems name it as given. */
  public static Scenario load(Path file) throws ScenarioException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ScenarioException(List.of(file + ":1:1: no such file"));
    } catch (IOException e) {
      throw new ScenarioException(List.of(file + ":1:1: cannot read the file: " + e));
    }
    Path dir = file.getParent();
    return parse(file.toString(), text, dir != null ? dir : Path.of(""));
  }

  /**
   * Loads YAML text named {@code displayName} in problems; {@code program-file} paths are relative to
   * {@code baseDir} ({@code null}: the working directory).
   */
  public static Scenario parse(String displayName, String yamlText, Path baseDir) throws ScenarioException {
    Problems problems = new Problems(displayName);
    YamlNode root = YamlTree.parse(yamlText, problems);
    Scenario scenario = null;
    if (root == null) {
      if (problems.isEmpty()) {
        problems.add(problems.at(1, 1), "the file is empty; a scenario needs at least 'name'");
      }
    } else {
      scenario = new ScenarioLoader(problems, baseDir).read(root);
    }
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems.lines());
    }
    return scenario;
  }

  private Scenario read(YamlNode root) {
    if (!(root instanceof YamlNode.Mapping)) {
      problems.add(root.location(), "a scenario is a mapping of keys (name, l0, l1, …), got " + root.describe());
      return null;
    }
    Fields top = Fields.of(root, "", problems, KEYS);
    top.require("name");
    String name = values.text(top.get("name"), "name");
    if (name != null && name.isBlank()) {
      problems.add(top.get("name").location(), "name: must not be empty");
    }
    String description = values.text(top.get("description"), "description");
    long seed = values.integer(top.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE, 0);
    RunMode mode = mode(top);
    Limits limits = limits(top);
    L0Settings l0 = new L0Reader(values).read(top.get("l0"));
    Fields l1 = Fields.of(top.get("l1"), "l1", problems, L1_KEYS);
    L1Model model = model(l1);
    long memory = values.integer(l1.get("memory"), "l1.memory", 1, Long.MAX_VALUE, 1L << 30);
    if (memory % PAGE != 0) {
      problems.add(l1.get("memory").location(), "l1.memory: must be a multiple of 4K, got " + memory);
    }
    Script script = null;
    if (model == L1Model.KVM) {
      for (String k : ScriptReader.KEYS) {
        if (l1.written(k)) {
          problems.add(l1.keyLocation(k), "l1." + k + ": only for model: script");
        }
      }
    } else {
      // An unknown model (reported) still has its steps checked.
      script = new ScriptReader(values, programs).read(l1);
    }
    List<GuestSpec> guests = List.of();
    List<EventSpec> events = List.of();
    GuestNames names = null;
    if (model == L1Model.SCRIPT) {
      for (String k : List.of("guests", "events")) {
        if (!Values.oneOrMany(top.get(k)).isEmpty()) {
          problems.add(top.keyLocation(k), k + ": only for model: kvm");
        }
      }
    } else {
      guests = new GuestReader(values, programs).read(top.get("guests"), l0.capabilities());
      names = new GuestNames(guests);
      events = new EventReader(values).read(top.get("events"), names);
    }
    Expectations expect = new ExpectationsReader(values).read(top.get("expect"), names, mode);
    return new Scenario(problems.file(), name, description, seed, mode, limits, l0,
        new L1Settings(model == null ? L1Model.KVM : model, memory, script), guests, events, expect);
  }

  private RunMode mode(Fields top) {
    String m = values.text(top.get("mode"), "mode");
    if (m == null) {
      return RunMode.DETERMINISTIC;
    }
    for (RunMode r : RunMode.values()) {
      if (r.name().equalsIgnoreCase(m.trim())) {
        return r;
      }
    }
    problems.add(top.get("mode").location(), "mode: unknown mode '" + Problems.quote(m)
        + "' (deterministic or parallel)" + Fields.didYouMean(m.trim(), List.of("deterministic", "parallel")));
    return RunMode.DETERMINISTIC;
  }

  private Limits limits(Fields top) {
    Fields f = Fields.of(top.get("limits"), "limits", problems, LIMITS);
    Limits d = Limits.DEFAULT;
    return new Limits(values.integer(f.get("instructions"), "limits.instructions", 0, Long.MAX_VALUE, d.instructions()),
        values.integer(f.get("exits"), "limits.exits", 0, Long.MAX_VALUE, d.exits()),
        values.integer(f.get("time"), "limits.time", 0, Long.MAX_VALUE, d.time()));
  }

  /** The model, or {@code null} when it is not one (reported). */
  private L1Model model(Fields l1) {
    String m = values.text(l1.get("model"), "l1.model");
    if (m == null) {
      return L1Model.KVM;
    }
    for (L1Model model : L1Model.values()) {
      if (model.name().equalsIgnoreCase(m.trim())) {
        return model;
      }
    }
    List<String> names = new ArrayList<>();
    for (L1Model model : L1Model.values()) {
      names.add(model.name().toLowerCase(Locale.ROOT));
    }
    problems.add(l1.get("model").location(), "l1.model: unknown model '" + Problems.quote(m) + "' (kvm or script)"
        + Fields.didYouMean(m.trim(), names));
    return null;
  }
}
