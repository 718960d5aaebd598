package org.nestsim.cpu.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes source lines for a row of the instruction table with seeded operand values: variant 0 uses
 * each operand's smallest value, variant 1 its largest, the others random values, in the spellings GNU
 * as accepts ({@code 3}, {@code r3}, {@code %r3}, {@code 4*cr1+eq}, hex, negative numbers). Optional
 * operands are sometimes left out, earliest provided first as GNU as assigns them. Test helper.
 */
final class SourceGenerator {
  private static final int[] VALID_BO = {0, 2, 4, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20, 24, 25, 26, 27};
  private static final String[] CR_BITS = {"lt", "gt", "eq", "so"};

  private SourceGenerator() {}

  /** {@code count} lines for {@code spec}, the first two at the operands' bounds. */
  static List<String> lines(InstructionSpec spec, Random rnd, int count) {
    List<String> lines = new ArrayList<>();
    for (int v = 0; v < count; v++) {
      lines.add(line(spec, rnd, v));
    }
    return lines;
  }

  static String line(InstructionSpec spec, Random rnd, int variant) {
    List<Operand> ops = spec.sourceOperands();
    int optionals = (int) ops.stream().filter(Operand::optional).count();
    int provide = variant == 1 ? optionals : rnd.nextInt(optionals + 1);
    StringBuilder b = new StringBuilder();
    int rt = -1;
    for (int i = 0; i < ops.size(); i++) {
      Operand o = ops.get(i);
      if (o.optional() && provide-- <= 0) {
        continue;
      }
      String text;
      if (o.kind() == Operand.Kind.GPR || o.kind() == Operand.Kind.GPR0) {
        int r = register(o, rnd, variant, rt);
        if (i == 0) {
          rt = r;
        }
        text = o.kind() == Operand.Kind.GPR0 && r == 0 ? "0" : gpr(r, rnd);
      } else {
        if (i == 0 && o.kind() == Operand.Kind.FPR) {
          rt = -1;
        }
        text = value(spec, o, rnd, variant);
      }
      if (o.inParens()) {
        b.append('(').append(text).append(')');
      } else {
        b.append(b.length() == 0 ? " " : ",").append(text);
      }
    }
    return spec.mnemonic() + b;
  }

  private static int register(Operand o, Random rnd, int variant, int rt) {
    boolean update = o.name().startsWith("RA_LOAD_UPDATE") || o.name().startsWith("RA_STORE_UPDATE");
    int r = variant == 0 ? (update ? 1 : 0) : variant == 1 ? 31 : rnd.nextInt(update ? 31 : 32) + (update ? 1 : 0);
    if (o.name().startsWith("RA_LOAD_UPDATE") && r == rt) {
      r = r == 31 ? 30 : r + 1;
    }
    return r;
  }

  private static String gpr(int r, Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> Integer.toString(r);
      case 1 -> "%r" + r;
      default -> "r" + r;
    };
  }

  private static String value(InstructionSpec spec, Operand o, Random rnd, int variant) {
    return switch (o.kind()) {
      case FPR -> (rnd.nextBoolean() ? "f" : "") + pick(0, 31, rnd, variant);
      case CR_FIELD -> (rnd.nextInt(3) > 0 ? "cr" : "") + pick(0, 7, rnd, variant);
      case CR_BIT -> crBit((int) pick(0, 31, rnd, variant), rnd);
      case RELATIVE -> relative(o, rnd, variant);
      case ABSOLUTE -> number(4 * pick(-(1L << (bitsOf(o) - 1)), (1L << (bitsOf(o) - 1)) - 1, rnd, variant), rnd);
      default -> number(special(spec, o, rnd, variant), rnd);
    };
  }

  private static long special(InstructionSpec spec, Operand o, Random rnd, int variant) {
    return switch (o) {
      case BO, BO_NO_CTR -> bo(spec, o, rnd, variant);
      case FXM_ONE_FIELD -> 1L << pick(0, 7, rnd, variant);
      case TBR -> 268 + pick(0, 1, rnd, variant);
      case DS -> 4 * pick(-0x2000, 0x1FFF, rnd, variant);
      default -> pick(o.min(), o.max(), rnd, variant);
    };
  }

  private static long bo(InstructionSpec spec, Operand o, Random rnd, int variant) {
    List<Integer> allowed = new ArrayList<>();
    for (int bo : VALID_BO) {
      boolean ctrOk = o != Operand.BO_NO_CTR || (bo & 4) != 0;
      boolean hintOk = spec.hint() == 0 || bo == 4 || bo == 12 || bo == 16 || bo == 18
          || (spec.hint() == '-' ? (bo & 0x17) == 6 || (bo & 0x1D) == 0x18 : (bo & 0x17) == 7 || (bo & 0x1D) == 0x19);
      if (ctrOk && hintOk) {
        allowed.add(bo);
      }
    }
    return allowed.get((int) pick(0, allowed.size() - 1, rnd, variant));
  }

  private static String relative(Operand o, Random rnd, int variant) {
    long reach = 1L << (bitsOf(o) - 1);
    long words = pick(-reach, reach - 1, rnd, variant);
    long offset = 4 * words;
    return offset < 0 ? ".-" + number(-offset, rnd) : ".+" + number(offset, rnd);
  }

  private static int bitsOf(Operand o) {
    return o == Operand.LI || o == Operand.LI_ABSOLUTE ? 24 : 14;
  }

  private static String crBit(int bit, Random rnd) {
    int field = bit >> 2;
    String name = CR_BITS[bit & 3];
    return switch (rnd.nextInt(4)) {
      case 0 -> Integer.toString(bit);
      case 1 -> field == 0 ? name : "cr" + field + "*4+" + name;
      default -> field == 0 ? name : "4*cr" + field + "+" + name;
    };
  }

  private static long pick(long min, long max, Random rnd, int variant) {
    if (variant == 0) {
      return min;
    }
    if (variant == 1) {
      return max;
    }
    if (variant == 2 && min < 0) {
      return -1;
    }
    return min + (long) (rnd.nextDouble() * (max - min + 1));
  }

  private static String number(long v, Random rnd) {
    if (rnd.nextInt(3) == 0) {
      return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }
    return Long.toString(v);
  }
}
