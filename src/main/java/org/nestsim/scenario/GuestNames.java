package org.nestsim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a guest name in {@code events} or {@code expect} names a guest of the file: {@code web}
 * for a guest of count 1, {@code web.N} with N below the count (so {@code web.0} works for count 1 too).
 */
final class GuestNames {
  private static final Pattern INSTANCE = Pattern.compile("(.+)\\.(0|[1-9][0-9]{0,8})");

  private final Map<String, GuestSpec> byName = new LinkedHashMap<>();

  GuestNames(List<GuestSpec> guests) {
    for (GuestSpec g : guests) {
      byName.putIfAbsent(g.name(), g);
    }
  }

  /** The guest {@code name} refers to, or {@code null} after reporting a problem at {@code at}. */
  GuestSpec resolve(String name, Location at, String path, Problems problems) {
    GuestSpec g = byName.get(name);
    if (g != null) {
      if (g.count() == 1) {
        return g;
      }
      problems.add(at, path + ": '" + name + "' stands for " + g.count() + " guests; name one of "
          + name + ".0 … " + name + "." + (g.count() - 1));
      return null;
    }
    Matcher m = INSTANCE.matcher(name);
    if (m.matches() && byName.containsKey(m.group(1))) {
      g = byName.get(m.group(1));
      if (Integer.parseInt(m.group(2)) < g.count()) {
        return g;
      }
      problems.add(at, path + ": '" + name + "' is past the last of " + g.name() + "'s " + g.count()
          + (g.count() == 1 ? " guest" : " guests"));
      return null;
    }
    List<String> candidates = new ArrayList<>();
    for (GuestSpec s : byName.values()) {
      candidates.addAll(s.count() <= 64 ? s.instanceNames() : List.of(s.name()));
    }
    problems.add(at, path + ": no guest named '" + Problems.quote(name) + "'"
        + Fields.didYouMean(name, candidates));
    return null;
  }
}
