package org.nestsim.cpu;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The external tools of the QEMU differential test: GNU binutils for powerpc64 / powerpc64le
 * (Debian {@code binutils-powerpc64-linux-gnu}, {@code binutils-powerpc64le-linux-gnu}) to build a
 * static Linux program, and QEMU user mode (Debian {@code qemu-user}) to run it as a POWER10.
 */
final class QemuToolchain {
  private QemuToolchain() {}

  /** The two byte orders, with their tool prefixes and the Debian packages that provide them. */
  enum Target {
    BIG("powerpc64-linux-gnu", "qemu-ppc64", ByteOrder.BIG_ENDIAN, "binutils-powerpc64-linux-gnu"),
    LITTLE("powerpc64le-linux-gnu", "qemu-ppc64le", ByteOrder.LITTLE_ENDIAN,
        "binutils-powerpc64le-linux-gnu");

    final String prefix;
    final String qemu;
    final ByteOrder order;
    final String binutilsPackage;

    Target(String prefix, String qemu, ByteOrder order, String binutilsPackage) {
      this.prefix = prefix;
      this.qemu = qemu;
      this.order = order;
      this.binutilsPackage = binutilsPackage;
    }

    boolean littleEndian() {
      return order == ByteOrder.LITTLE_ENDIAN;
    }

    /** "big-endian" or "little-endian". */
    String label() {
      return name().toLowerCase(java.util.Locale.ROOT) + "-endian";
    }

    @Override
    public String toString() {
      return label();
    }
  }

  /** A linked program: its executable, the bytes of .text and .data, and its symbols. */
  record Program(Path executable, byte[] text, byte[] data, Map<String, Long> symbols) {
    long symbol(String name) {
      Long v = symbols.get(name);
      if (v == null) {
        throw new IllegalStateException("symbol " + name + " not in the program");
      }
      return v;
    }
  }

  private static final long TOOL_TIMEOUT_SECONDS = 120;

  /**
   * A message naming the tools missing from PATH for {@code target} and the Debian packages that
   * install them, or null when everything is there.
   */
  static String missingTools(Target target) {
    List<String> missing = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    for (String tool : new String[] {"as", "ld", "objcopy", "nm"}) {
      if (!onPath(target.prefix + "-" + tool)) {
        missing.add(target.prefix + "-" + tool);
        if (!packages.contains(target.binutilsPackage)) {
          packages.add(target.binutilsPackage);
        }
      }
    }
    if (!onPath(target.qemu)) {
      missing.add(target.qemu);
      packages.add("qemu-user");
    }
    return missing.isEmpty() ? null : "missing " + String.join(", ", missing)
        + ": install the Debian packages " + String.join(" ", packages) + " (.ci/run installs them)";
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Assembles and links {@code assembly} in {@code dir}; text at 0x1000_0000, data at 0x2000_0000. */
  static Program build(Target target, String assembly, Path dir) throws IOException, InterruptedException {
    Path source = dir.resolve("program.s");
    Path object = dir.resolve("program.o");
    Path executable = dir.resolve("program");
    Files.writeString(source, assembly, StandardCharsets.US_ASCII);
    run(dir, null, target.prefix + "-as", "-a64", "-mpower10", "-mregnames", "-o", object.toString(),
        source.toString());
    run(dir, null, target.prefix + "-ld", "-static", "-e", "_start",
        "-Ttext=0x" + Long.toHexString(DifferentialHarness.TEXT_ADDRESS),
        "-Tdata=0x" + Long.toHexString(DifferentialHarness.DATA_ADDRESS), "-o", executable.toString(),
        object.toString());
    byte[] text = section(target, dir, executable, ".text");
    byte[] data = section(target, dir, executable, ".data");
    Path symbolFile = dir.resolve("program.nm");
    run(dir, symbolFile, target.prefix + "-nm", executable.toString());
    Map<String, Long> symbols = new HashMap<>();
    for (String line : Files.readAllLines(symbolFile, StandardCharsets.US_ASCII)) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3) {
        symbols.put(f[2], Long.parseUnsignedLong(f[0], 16));
      }
    }
    return new Program(executable, text, data, symbols);
  }

  private static byte[] section(Target target, Path dir, Path executable, String name)
      throws IOException, InterruptedException {
    Path out = dir.resolve("program" + name + ".bin");
    run(dir, null, target.prefix + "-objcopy", "-O", "binary", "--only-section=" + name,
        executable.toString(), out.toString());
    return Files.readAllBytes(out);
  }

  /** Runs the program under QEMU as a POWER10 and returns what it wrote to stdout. */
  static byte[] runUnderQemu(Target target, Program program) throws IOException, InterruptedException {
    Path dir = program.executable().getParent();
    Path out = dir.resolve("qemu.out");
    run(dir, out, target.qemu, "-cpu", "power10", program.executable().toString());
    return Files.readAllBytes(out);
  }

  /** Runs a command in {@code dir}, stdout to {@code stdout} (or discarded); fails unless it exits 0. */
  private static void run(Path dir, Path stdout, String... command) throws IOException, InterruptedException {
    Path stderr = dir.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD
        : ProcessBuilder.Redirect.to(stdout.toFile()));
    Process p = pb.start();
    if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " took more than " + TOOL_TIMEOUT_SECONDS
          + " s");
    }
    if (p.exitValue() != 0) {
      String err = Files.readString(stderr, StandardCharsets.UTF_8);
      throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
          + (err.length() > 4000 ? err.substring(0, 4000) + "…" : err));
    }
  }
}
