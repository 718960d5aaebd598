package org.nestsim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The stress scaling benchmark's two Java halves ({@code src/bench/run-stress-scaling.sh} runs {@code
 * nestsim stress --workload hcall --mode parallel --no-oracle --json} at each size in a JVM of its own):
 *
 * <ul>
 *   <li>{@code bare N}: prints the bare Pekko exchange's round trips per second with {@code N} actor
 *       pairs, two messages per round trip (what an exit costs, counted in {@link ExitRoundTrips}), the
 *       median of three — {@link ExitRoundTrips#bareRate}, reused as it is;
 *   <li>{@code report DIR PNG}: reads {@code DIR/stress-N.json} and {@code DIR/bare-N.txt} for every
 *       size, prints a Markdown table (exits/s of the whole run and of its best second, the ratio of
 *       each to the bare exchange, heap per vCPU, exit latency) and draws it, headless, with {@code
 *       java.awt}: rates against vCPUs on log-log axes, and heap per vCPU against the 8 KiB budget.
 * </ul>
 */
public final class StressScaling {
  private StressScaling() {}

  /** DESIGN.md's budget: all in, per vCPU. */
  static final double BUDGET_BYTES = 8 * 1024;

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    if (args.length == 2 && args[0].equals("bare")) {
      int pairs = Integer.parseInt(args[1]);
      long trips = Math.max(1_000_000, 100L * pairs);
      System.out.printf(Locale.ROOT, "%.0f%n", ExitRoundTrips.median(() -> ExitRoundTrips.bareRate(pairs, 2, trips)));
    } else if (args.length == 3 && args[0].equals("report")) {
      List<Row> rows = read(Path.of(args[1]));
      System.out.print(markdown(rows));
      plot(rows, Path.of(args[2]));
    } else {
      System.err.println("usage: StressScaling bare PAIRS | report DIR PNG");
      System.exit(2);
    }
  }

  /** One size: what {@code nestsim stress --json} printed, and the bare exchange's rate. */
  record Row(long vcpus, JsonNode stress, double bare) {
    double exitsPerSecond() {
      return stress.get("exitsPerSecond").asDouble();
    }

    double bestSecond() {
      JsonNode n = stress.get("exitsPerSecondBestSecond");
      return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    double retained() {
      return stress.get("heapBytesPerVcpuRetained").asDouble();
    }

    double peak() {
      return stress.get("heapBytesPerVcpuPeak").asDouble();
    }
  }

  static List<Row> read(Path dir) throws IOException {
    List<Row> rows = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("stress-\\d+\\.json")).toList()) {
        String n = f.getFileName().toString().replaceAll("\\D", "");
        Path bare = dir.resolve("bare-" + n + ".txt");
        JsonNode stress = json.readTree(Files.readString(f).lines().filter(l -> l.startsWith("{")).findFirst()
            .orElseThrow(() -> new IOException(f + ": no JSON line")));
        rows.add(new Row(Long.parseLong(n), stress, Files.exists(bare)
            ? Double.parseDouble(Files.readString(bare).trim()) : Double.NaN));
      }
    }
    rows.sort(Comparator.comparingLong(Row::vcpus));
    return rows;
  }

  static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("| vCPUs | exits | exits/vCPU | wall s | exits/s (whole run) | exits/s (best second) | most running "
        + "| bare trips/s | ratio (whole) | ratio (best s) | heap/vCPU retained | heap/vCPU peak after GC "
        + "| exit latency p50 / p99 / max | passed |\n");
    sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (Row r : rows) {
      JsonNode s = r.stress();
      JsonNode l = s.get("exitLatencyNanos");
      sb.append(String.format(Locale.ROOT, "| %,d | %,d | %.0f | %.1f | %,.0f | %s | %,d | %,.0f | %s | %s | %,.0f B | %,.0f B "
              + "| %s / %s / %s | %s |%n",
          r.vcpus(), s.get("exits").asLong(), s.get("exits").asDouble() / r.vcpus(), s.get("wallSeconds").asDouble(), r.exitsPerSecond(),
          Double.isNaN(r.bestSecond()) ? "—" : String.format(Locale.ROOT, "%,.0f", r.bestSecond()),
          s.get("mostVcpusRunning").asLong(), r.bare(), ratio(r.exitsPerSecond(), r.bare()),
          ratio(r.bestSecond(), r.bare()), r.retained(), r.peak(), micros(l.get("p50").asLong()),
          micros(l.get("p99").asLong()), micros(l.get("max").asLong()), s.get("passed").asBoolean() ? "yes" : "NO"));
    }
    return sb.toString();
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "—" : String.format(Locale.ROOT, "%.3f", a / b);
  }

  private static String micros(long nanos) {
    return nanos >= 1_000_000 ? String.format(Locale.ROOT, "%,.0f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%,.0f µs", nanos / 1e3);
  }

  // ---- the plot ----

  private static final int WIDTH = 1200;
  private static final int HEIGHT = 520;
  private static final Color BARE = new Color(0x55, 0x55, 0x55);
  private static final Color BEST = new Color(0x1f, 0x77, 0xb4);
  private static final Color WHOLE = new Color(0xd6, 0x27, 0x28);
  private static final Color RETAINED = new Color(0x2c, 0xa0, 0x2c);
  private static final Color PEAK = new Color(0xff, 0x7f, 0x0e);

  /** One line of a panel: its label, colour, and value per row (NaN: no point). */
  private record Series(String label, Color color, ToDoubleFunction<Row> value, boolean dashed) {}

  static void plot(List<Row> rows, Path png) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    g.drawString("nestsim stress --workload hcall --mode parallel --no-oracle (2 cores)", 20, 24);
    panel(g, rows, 20, 40, WIDTH / 2 - 30, HEIGHT - 60, "exit round trips per second", true, List.of(
        new Series("bare Pekko exchange, 2 messages", BARE, Row::bare, true),
        new Series("stress, best second", BEST, Row::bestSecond, false),
        new Series("stress, whole run (boot included)", WHOLE, Row::exitsPerSecond, false)));
    panel(g, rows, WIDTH / 2 + 10, 40, WIDTH / 2 - 30, HEIGHT - 60, "heap per vCPU (bytes)", false, List.of(
        new Series("retained after the run (GC)", RETAINED, Row::retained, false),
        new Series("largest after a GC during the run", PEAK, Row::peak, false),
        new Series("budget: 8 KiB all in (DESIGN.md)", BARE, r -> BUDGET_BYTES, true)));
    g.dispose();
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(image, "png", png.toFile());
  }

  /** A panel: log x (vCPUs), log or linear y from 0, axes with ticks, the series, a legend. */
  private static void panel(Graphics2D g, List<Row> rows, int x0, int y0, int w, int h, String title, boolean logY,
      List<Series> series) {
    int left = x0 + 80;
    int right = x0 + w - 10;
    int top = y0 + 30;
    int bottom = y0 + h - 45;
    double minX = Math.floor(Math.log10(rows.get(0).vcpus()));
    double maxX = Math.ceil(Math.log10(rows.get(rows.size() - 1).vcpus()));
    if (maxX == minX) {
      maxX = minX + 1;
    }
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (Series s : series) {
      for (Row r : rows) {
        double v = s.value().applyAsDouble(r);
        if (!Double.isNaN(v) && v > 0) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    double minY = logY ? Math.floor(Math.log10(lo)) : 0;
    double maxY = logY ? Math.ceil(Math.log10(hi)) : niceCeiling(hi * 1.1);
    if (maxY == minY) {
      maxY = minY + 1;
    }
    double fMinX = minX;
    double fMaxX = maxX;
    double fMinY = minY;
    double fMaxY = maxY;
    ToDoubleFunction<Double> px = v -> left + (Math.log10(v) - fMinX) / (fMaxX - fMinX) * (right - left);
    ToDoubleFunction<Double> py = v -> bottom - ((logY ? Math.log10(v) : v) - fMinY) / (fMaxY - fMinY) * (bottom - top);

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString(title, left, y0 + 18);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (int e = (int) minX; e <= maxX; e++) {
      int x = (int) px.applyAsDouble(Math.pow(10, e));
      g.setColor(new Color(0xe0, 0xe0, 0xe0));
      g.drawLine(x, top, x, bottom);
      g.setColor(Color.BLACK);
      String label = power(e);
      g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 16);
    }
    g.drawString("vCPUs", (left + right) / 2 - 15, bottom + 34);
    if (logY) {
      for (int e = (int) minY; e <= maxY; e++) {
        int y = (int) py.applyAsDouble(Math.pow(10, e));
        gridY(g, fm, left, right, y, power(e));
      }
    } else {
      double step = niceCeiling(maxY / 5);
      for (double v = 0; v <= maxY + 1e-9; v += step) {
        gridY(g, fm, left, right, (int) py.applyAsDouble(v), String.format(Locale.ROOT, "%,.0f", v));
      }
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, bottom - top);

    int legendY = top + 16;
    for (Series s : series) {
      g.setColor(s.color());
      g.setStroke(s.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
          new float[] {6f, 4f}, 0f) : new BasicStroke(2.5f));
      double[] prev = null;
      for (Row r : rows) {
        double v = s.value().applyAsDouble(r);
        if (Double.isNaN(v) || v <= 0 && logY) {
          prev = null;
          continue;
        }
        double[] p = {px.applyAsDouble((double) r.vcpus()), py.applyAsDouble(v)};
        if (prev != null) {
          g.draw(new Line2D.Double(prev[0], prev[1], p[0], p[1]));
        }
        if (!s.dashed()) {
          g.fillOval((int) p[0] - 4, (int) p[1] - 4, 8, 8);
        }
        prev = p;
      }
      g.draw(new Line2D.Double(right - 250, legendY - 4, right - 220, legendY - 4));
      g.setColor(Color.BLACK);
      g.drawString(s.label(), right - 214, legendY);
      legendY += 16;
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static void gridY(Graphics2D g, FontMetrics fm, int left, int right, int y, String label) {
    g.setColor(new Color(0xe0, 0xe0, 0xe0));
    g.drawLine(left, y, right, y);
    g.setColor(Color.BLACK);
    g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
  }

  /** {@code 10^e} as a label: 1,000, 10^4 → 10,000 … (plain digits up to 10^6, then 1e7…). */
  private static String power(int e) {
    return e <= 6 ? String.format(Locale.ROOT, "%,d", (long) Math.pow(10, e)) : "1e" + e;
  }

  /** The smallest of 1, 2, 5 × 10^k at or above {@code v}. */
  private static double niceCeiling(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
