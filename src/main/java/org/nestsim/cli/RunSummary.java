package org.nestsim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l1.L1Report;
import org.nestsim.l1.RunnerStats;
import org.nestsim.scenario.RunMode;
import org.nestsim.scenario.RunReport;
import org.nestsim.scenario.Scenario;

/**
 * The summary of one run, for a person: what ran and how it ended, simulated time, L2 instructions,
 * exits by reason and L2 hcalls by return code (most frequent first), each guest's console output
 * (escaped, one line per guest, long output cut), wall time with exits per second (the actor system's
 * start-up apart), and the trace hash.
 * What {@code nestsim} prints for its demo and {@code nestsim run --summary} for any file.
 *
 * <pre>
 * demo: 3 guests, 6 vCPUs; deterministic, seed 2024; ended: halted
 * simulated time   400,067 ticks
 * L2 instructions  2,400,450
 * exits            298: HDEC 234, HCALL 30, HDSI 24, HEA 6, HISI 4
 * L2 hcalls        30: H_SUCCESS 24, H_FUNCTION 6
 * console
 *   demo.0         "0: hello\n1: hello\n…"
 * wall time        0.25 s, 1,192 exits/s (and 1.30 s to start the actor system)
 * trace-hash: sha256:…
 * </pre>
 */
final class RunSummary {
  /** Characters of escaped console text shown per guest before it is cut. */
  static final int CONSOLE_LIMIT = 160;

  private static final int LABEL_WIDTH = 17;
  private static final int NOTES_LIMIT = 5;

  private RunSummary() {}

  /**
   * Prints the summary of {@code report}, a run of {@code scenario} that took {@code wallNanos} of
   * wall-clock time after {@code startupNanos} to start the actor system (shown from 10 ms: 0 when it
   * was running already).
   * A script run has no guests, console or trace: only its exits and wall time show.
   */
  static void print(PrintWriter out, Scenario scenario, RunReport report, long wallNanos, long startupNanos) {
    print(out, scenario.name(), scenario.mode(), scenario.seed(), report, wallNanos, startupNanos, true);
  }

  /**
   * As {@link #print(PrintWriter, Scenario, RunReport, long, long)} for a run without a scenario file
   * ({@code nestsim stress}); {@code console} false leaves the console lines out (no guest prints).
   */
  static void print(PrintWriter out, String name, RunMode runMode, long seed, RunReport report, long wallNanos,
      long startupNanos, boolean console) {
    L1Report kvm = report.kvm();
    long exits = report.exits().values().stream().mapToLong(Long::longValue).sum();
    String mode = runMode.name().toLowerCase(Locale.ROOT);
    if (kvm == null) {
      out.println(name + ": a script (model: script); " + mode + ", seed " + seed);
    } else {
      Set<String> guests = new HashSet<>();
      Set<String> vcpus = new HashSet<>();
      for (RunnerStats.Report v : kvm.vcpus()) {
        guests.add(v.guest());
        vcpus.add(v.guest() + "/" + v.vcpu());
      }
      out.println(name + ": " + count(guests.size(), "guest") + ", " + count(vcpus.size(), "vCPU")
          + "; " + mode + ", seed " + seed + "; ended: " + kvm.end());
      line(out, "simulated time", number(kvm.time()) + " ticks");
      line(out, "L2 instructions", number(kvm.instructions()));
    }
    line(out, "exits", tally(exits, report.exits()));
    if (kvm != null) {
      Map<String, Long> hcalls = new TreeMap<>();
      kvm.l2HcallsByReturnCode().forEach((rc, n) -> hcalls.merge(
          ReturnCode.fromValue(rc).map(Enum::name).orElse(Long.toString(rc)), n, Long::sum));
      line(out, "L2 hcalls", tally(hcalls.values().stream().mapToLong(Long::longValue).sum(), hcalls));
      printNotes(out, kvm);
      if (console) {
        printConsole(out, kvm);
      }
    }
    printWall(out, kvm, exits, wallNanos, startupNanos);
  }

  /** What the L1 noted (a refused VPA, a guest that could not boot, the adversaries' requests), the first few. */
  private static void printNotes(PrintWriter out, L1Report kvm) {
    List<String> notes = kvm.notes();
    for (int i = 0; i < Math.min(notes.size(), NOTES_LIMIT); i++) {
      line(out, i == 0 ? "L1 notes" : "", notes.get(i));
    }
    if (notes.size() > NOTES_LIMIT) {
      line(out, "", "… " + (notes.size() - NOTES_LIMIT) + " more");
    }
  }

  private static void printConsole(PrintWriter out, L1Report kvm) {
    out.println("console" + (kvm.console().isEmpty() ? "          none" : ""));
    int width = Math.max(LABEL_WIDTH - 2, kvm.console().keySet().stream().mapToInt(String::length).max()
        .orElse(0) + 2);
    new TreeMap<>(kvm.console()).forEach((guest, text) -> out.println("  " + pad(guest, width) + quote(text)));
  }

  private static void printWall(PrintWriter out, L1Report kvm, long exits, long wallNanos, long startupNanos) {
    double seconds = wallNanos / 1e9;
    line(out, "wall time", String.format(Locale.ROOT, "%.2f s", seconds)
        + (seconds > 0 ? String.format(Locale.ROOT, ", %,.0f exits/s", exits / seconds) : "")
        + (startupNanos >= 10_000_000 ? String.format(Locale.ROOT, " (and %.2f s to start the actor system)", startupNanos / 1e9)
            : ""));
    if (kvm != null && kvm.traceHash() != null) {
      out.println("trace-hash: " + kvm.traceHash());
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(pad(label, LABEL_WIDTH) + value);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }

  private static String count(long n, String noun) {
    return number(n) + " " + noun + (n == 1 ? "" : "s");
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 298: HDEC 234, HCALL 30}: the total, then each name by count, most frequent first. */
  static String tally(long total, Map<String, Long> byName) {
    if (byName.isEmpty()) {
      return "0";
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(byName.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    StringBuilder sb = new StringBuilder(number(total)).append(':');
    for (int i = 0; i < entries.size(); i++) {
      sb.append(i == 0 ? " " : ", ").append(entries.get(i).getKey()).append(' ').append(number(entries.get(i).getValue()));
    }
    return sb.toString();
  }

  /**
   * {@code text} in double quotes with {@code \" \\ \n \r \t} and other control characters as
   * {@code \xNN} escaped, cut after {@link #CONSOLE_LIMIT} characters with the total length noted.
   */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder("\"");
    int i = 0;
    for (; i < text.length() && sb.length() <= CONSOLE_LIMIT; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    if (i < text.length()) {
      sb.append("… (").append(number(text.length())).append(" characters in all)");
    }
    return sb.toString();
  }
}
