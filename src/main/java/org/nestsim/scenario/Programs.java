package org.nestsim.scenario;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.nestsim.cpu.asm.AsmException;
import org.nestsim.cpu.asm.Assembler;

/**
 * Assembles the programs of a scenario at load time, so that an assembly error is a load problem: an
 * inline one ({@code program: |}, {@code memory.asm}) is reported at its scalar with the assembler's
 * own line and column in the message; one in a {@code program-file} is reported as that file's
 * {@code path:line:col: reason}.
 */
final class Programs {
  private final Values values;
  private final Problems problems;
  private final Path baseDir;

  Programs(Values values, Path baseDir) {
    this.values = values;
    this.problems = values.problems();
    this.baseDir = baseDir != null ? baseDir : Path.of("");
  }

  /** The image of the source text of scalar {@code n}; {@code null} when it does not assemble (reported). */
  byte[] inline(YamlNode n, String path, long origin, ByteOrder order) {
    String source = values.text(n, path);
    if (source == null) {
      return null;
    }
    try {
      return Assembler.assemble(source, path, origin, order).bytes();
    } catch (AsmException e) {
      problems.add(n.location(), path + ": line " + e.line() + ", column " + e.column() + ": " + e.reason());
      return null;
    }
  }

  /** The image of the file named by scalar {@code n}, relative to the scenario's directory. */
  byte[] file(YamlNode n, String path) {
    String name = values.text(n, path);
    if (name == null) {
      return null;
    }
    Path file;
    try {
      file = baseDir.resolve(name.trim()).normalize();
    } catch (InvalidPathException e) {
      problems.add(n.location(), path + ": '" + Problems.quote(name) + "' is not a valid path");
      return null;
    }
    if (name.isBlank() || !Files.isRegularFile(file)) {
      problems.add(n.location(), path + ": no such file '" + Problems.quote(file.toString()) + "'");
      return null;
    }
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(n.location(), path + ": cannot read '" + Problems.quote(file.toString()) + "': " + e);
      return null;
    }
    try {
      return Assembler.assemble(source, file.toString(), 0, ByteOrder.BIG_ENDIAN).bytes();
    } catch (AsmException e) {
      problems.addRaw(n.location(), e.getMessage());
      return null;
    }
  }
}
