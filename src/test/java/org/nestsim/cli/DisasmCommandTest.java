package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nestsim.cli.CliRun.nestsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nestsim disasm}: objdump-style lines from a file or {@code --hex}; bad input exits 2. */
class DisasmCommandTest {
  @TempDir Path dir;

  @Test
  void shouldDisassembleHexAsObjdumpDoes() {
    List<String> lines = nestsim("disasm", "--hex", "3861fff0 | 48000235 | 00000000").assertSuccess().lines().toList();
    assertEquals(List.of(
        "       0:\t38 61 ff f0 \taddi    r3,r1,-16",
        "       4:\t48 00 02 35 \tbl      0x238",
        "       8:\t00 00 00 00 \t.long 0x0"), lines);
  }

  @Test
  void shouldDisassembleAFileAtAnOriginInEitherByteOrder() throws IOException {
    Path bin = dir.resolve("t.bin");
    Files.write(bin, HexFormat.of().parseHex("4e8000207c0802a6"));
    assertEquals(List.of("    1000:\t4e 80 00 20 \tblr", "    1004:\t7c 08 02 a6 \tmflr    r0"),
        nestsim("disasm", bin.toString(), "--origin", "0x1000").assertSuccess().lines().toList());
    Files.write(bin, HexFormat.of().parseHex("200080 4e".replace(" ", "")));
    assertEquals(List.of("       0:\t20 00 80 4e \tblr"),
        nestsim("disasm", "--le", bin.toString()).assertSuccess().lines().toList());
  }

  @Test
  void shouldRejectBadInputWithExit2() {
    assertTrue(nestsim("disasm").assertOneLineFailure(ExitCodes.USAGE).contains("exactly one"));
    assertTrue(nestsim("disasm", "--hex", "123").assertOneLineFailure(ExitCodes.USAGE).contains("odd number"));
    assertTrue(nestsim("disasm", "--hex", "zz").assertOneLineFailure(ExitCodes.USAGE).contains("not hex"));
    assertEquals("disasm: no such file: nowhere.bin",
        nestsim("disasm", "nowhere.bin").assertOneLineFailure(ExitCodes.USAGE));
    assertTrue(nestsim("disasm", "--hex", "60000000", "--origin", "-4").assertOneLineFailure(ExitCodes.USAGE)
        .contains("must not be negative"));
  }
}
