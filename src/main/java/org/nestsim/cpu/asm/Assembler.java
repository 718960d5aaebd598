package org.nestsim.cpu.asm;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nestsim.cpu.asm.Expression.Source;
import org.nestsim.cpu.asm.Expression.Undefined;
import org.nestsim.cpu.asm.SourceParser.Label;
import org.nestsim.cpu.asm.SourceParser.Statement;

/**
 * A two-pass assembler for the Power ISA subset of {@link Instructions}, in GNU as syntax (as with
 * {@code as -mregnames -mpower10}; docs/ISA.md lists where it differs). Pass 1 lays out the image and
 * defines labels; pass 2 evaluates operands and data and encodes. The image starts at a given origin;
 * labels, {@code .} and {@code .org} are absolute addresses, and a branch target is always an address
 * (GNU as takes a plain number in a relative branch as the displacement; here it is the target, as
 * objdump prints it).
 */
public final class Assembler {
  private Assembler() {}

  /** Assembles {@code source} (named {@code file} in error messages) into an image at {@code origin}. */
  public static Assembly assemble(String source, String file, long origin, ByteOrder order)
      throws AsmException {
    List<Statement> statements = SourceParser.parse(source, file);
    Pass first = new Pass(file, origin, order, null);
    first.run(statements);
    Pass second = new Pass(file, origin, order, first);
    second.run(statements);
    return new Assembly(origin, second.image.toArray(), order, second.labels);
  }

  /** Assembles one instruction at {@code address} (no labels other than {@code .}); returns its word. */
  public static int assembleOne(String instruction, long address) throws AsmException {
    Assembly a = assemble(instruction, "<instruction>", address, ByteOrder.BIG_ENDIAN);
    if (a.length() != 4) {
      throw new AsmException("<instruction>", 1, 1, "expected exactly one instruction");
    }
    return a.word(address);
  }

  /** One walk over the statements; the second one has the first one's labels and writes the image. */
  static final class Pass implements Expression.Symbols {
    final String file;
    final long origin;
    final ByteOrder order;
    final Pass first;
    final Map<String, Long> labels = new LinkedHashMap<>();
    final Map<String, Integer> labelLines = new HashMap<>();
    final Map<String, Long> sets = new HashMap<>();
    /** Local label number to its definitions: statement index and address, in order. */
    final Map<Integer, List<long[]>> locals = new HashMap<>();
    final Image image;
    long location;
    int statementIndex;
    Statement current;

    Pass(String file, long origin, ByteOrder order, Pass first) {
      this.file = file;
      this.origin = origin;
      this.order = order;
      this.first = first;
      this.image = new Image(origin, order, first != null);
      this.location = origin;
      if (first != null) {
        sets.putAll(first.sets);
      }
    }

    boolean writing() {
      return first != null;
    }

    void run(List<Statement> statements) throws AsmException {
      for (statementIndex = 0; statementIndex < statements.size(); statementIndex++) {
        current = statements.get(statementIndex);
        Source src = new Source(file, current.line());
        for (Label l : current.labels()) {
          define(l, src);
        }
        if (current.op() == null) {
          continue;
        }
        try {
          if (current.op().equals("=") || current.op().startsWith(".")) {
            Directives.apply(this, current, src);
          } else {
            instruction(src);
          }
        } catch (Undefined u) {
          throw src.error(u.column, "undefined symbol '" + u.name + "'");
        }
      }
    }

    private void define(Label l, Source src) throws AsmException {
      if (l.name().chars().allMatch(Character::isDigit)) {
        locals.computeIfAbsent(Integer.parseInt(l.name()), k -> new ArrayList<>())
            .add(new long[] {statementIndex, location});
        return;
      }
      if (writing()) {
        labels.put(l.name(), location);
        return;
      }
      Integer previous = labelLines.get(l.name());
      if (previous != null || sets.containsKey(l.name())) {
        throw src.error(l.column(), "symbol '" + l.name() + "' is already defined"
            + (previous != null ? " (line " + previous + ")" : ""));
      }
      labels.put(l.name(), location);
      labelLines.put(l.name(), current.line());
    }

    private void instruction(Source src) throws AsmException, Undefined {
      if ((location & 3) != 0) {
        throw src.error(current.opColumn(), "instruction at 0x" + Long.toHexString(location)
            + " is not on a 4-byte boundary");
      }
      if (writing()) {
        image.putWord(location, InstructionEncoder.encode(current, src, location, this));
      } else {
        try {
          InstructionEncoder.encode(current, src, location, this); // report errors in line order
        } catch (Undefined forwardReference) {
          // a label defined further down: pass 2 encodes it
        }
      }
      location += 4;
      image.reach(location, src, current.opColumn());
    }

    @Override
    public long value(String name, int column) throws AsmException, Undefined {
      Long v = sets.get(name);
      if (v == null) {
        v = (first != null ? first.labels : labels).get(name);
      }
      if (v == null) {
        throw new Undefined(name, column);
      }
      return v;
    }

    @Override
    public long localLabel(int number, boolean forward, int column) throws AsmException, Undefined {
      List<long[]> defs = (first != null ? first.locals : locals).getOrDefault(number, List.of());
      long[] found = null;
      for (long[] d : defs) {
        if (forward ? d[0] > statementIndex : d[0] <= statementIndex) {
          found = d;
          if (forward) {
            break;
          }
        }
      }
      if (found == null) {
        throw new Undefined(number + (forward ? "f" : "b"), column);
      }
      return found[1];
    }

    @Override
    public long location() {
      return location;
    }
  }
}
