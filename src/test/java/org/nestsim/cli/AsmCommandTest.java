package org.nestsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/**
 * {@code nestsim asm FILE.s}: prints one ADDRESS: WORD line per word, the image as hex with {@code --hex},
 * the raw bytes with {@code -o}; a source error prints FILE:LINE:COL: reason and exits 2.
 */
class AsmCommandTest {
  @TempDir Path dir;

  private String source(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  @Test
  void shouldPrintOneWordPerLineWithItsAddress() throws IOException {
    String file = source("t.s", "start: addi r3,r1,-16\n  bl start\n.byte 1,2\n");
    String out = nestsim("asm", file, "--origin", "0x1000").assertSuccess();
    assertEquals(List.of("00001000: 3861fff0", "00001004: 4bfffffd", "00001008: 0102"), out.lines().toList());
  }

  @Test
  void shouldPrintTheSameWordsButOtherBytesForLittleEndian() throws IOException {
    String file = source("t.s", "addi r3,r1,-16\n");
    assertEquals("00000000: 3861fff0\n", nestsim("asm", "--le", file).assertSuccess().replace("\r", ""));
    assertEquals("f0ff6138\n", nestsim("asm", "--le", "--hex", file).assertSuccess().replace("\r", ""));
    assertEquals("3861fff0\n", nestsim("asm", "--hex", file).assertSuccess().replace("\r", ""));
  }

  @Test
  void shouldWriteTheRawImageWithOutput() throws IOException {
    String file = source("t.s", "nop\n.long 0x11223344\n");
    Path bin = dir.resolve("t.bin");
    assertEquals("", nestsim("asm", file, "-o", bin.toString()).assertSuccess());
    assertArrayEquals(HexFormat.of().parseHex("6000000011223344"), Files.readAllBytes(bin));
  }

  @Test
  void shouldPrintLabelsOnRequest() throws IOException {
    String file = source("t.s", "a: nop\nb: nop\n");
    List<String> lines = nestsim("asm", file, "--origin", "256", "--labels").assertSuccess().lines().toList();
    assertEquals(List.of("00000100: 60000000", "00000104: 60000000", "a = 0x100", "b = 0x104"), lines);
  }

  @Test
  void shouldReportASourceErrorAsFileLineColumnAndExit2() throws IOException {
    String file = source("bad.s", "nop\n    addi r3,r4,99999\n");
    String line = nestsim("asm", file).assertOneLineFailure(ExitCodes.USAGE);
    assertEquals(file + ":2:16: operand 99999 is out of range -32768..32767", line);
  }

  @Test
  void shouldRejectAMissingFileAndABadOrigin() throws IOException {
    assertEquals("asm: no such file: nowhere.s", nestsim("asm", "nowhere.s").assertOneLineFailure(ExitCodes.USAGE));
    String file = source("t.s", "nop\n");
    assertTrue(nestsim("asm", file, "--origin", "0x1002").assertOneLineFailure(ExitCodes.USAGE)
        .contains("not a multiple of 4"));
    assertTrue(nestsim("asm", file, "--origin", "zero").assertOneLineFailure(ExitCodes.USAGE)
        .contains("is not a number"));
  }

  @Test
  void shouldRoundTripThroughDisasm() throws IOException {
    String file = source("t.s", "loop: lwz r3,8(r1)\n  cmpwi cr7,r3,0\n  bne+ cr7,loop\n  blr\n");
    String hex = nestsim("asm", file, "--origin", "0x2000", "--le", "--hex").assertSuccess().trim();
    List<String> lines = nestsim("disasm", "--hex", hex, "--origin", "0x2000", "--le").assertSuccess()
        .lines().toList();
    assertEquals(List.of(
        "    2000:\t08 00 61 80 \tlwz     r3,8(r1)",
        "    2004:\t00 00 83 2f \tcmpwi   cr7,r3,0",
        "    2008:\tf8 ff fe 40 \tbne+    cr7,0x2000",
        "    200c:\t20 00 80 4e \tblr"), lines);
  }
}
