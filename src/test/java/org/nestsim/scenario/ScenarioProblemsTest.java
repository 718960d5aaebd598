package org.nestsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of problem in a scenario file, each with its exact {@code FILE:LINE:COL: message}: several
 * problems of one file come together, in file order.
 */
class ScenarioProblemsTest {
  @TempDir
  Path dir;

  private List<String> problems(String yaml) {
    return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("t.yaml", yaml, dir)).problems();
  }

  private void assertProblems(String yaml, String... expected) {
    assertEquals(List.of(expected), problems(yaml));
  }

  @Test
  void shouldReportAnUnknownKeyWithDidYouMean() {
    assertProblems("name: x\nsed: 1\nl1:\n  modle: kvm\n",
        "t.yaml:2:1: unknown key 'sed', did you mean 'seed'?",
        "t.yaml:4:3: l1: unknown key 'modle', did you mean 'model'?");
    assertProblems("name: x\nzzzzzz: 1\n", "t.yaml:2:1: unknown key 'zzzzzz'");
  }

  @Test
  void shouldReportABadInteger() {
    assertProblems("name: x\nseed: 12Q\nlimits: { exits: 1.5, time: 0x1_0000_0000_0000_0000 }\n",
        "t.yaml:2:7: seed: '12Q' is not a number",
        "t.yaml:3:18: limits.exits: '1.5' is not a number",
        "t.yaml:3:29: limits.time: '0x1_0000_0000_0000_0000' does not fit in 64 bits");
    assertProblems("name: x\nseed: forty\n", "t.yaml:2:7: seed: 'forty' is not a number or a known name");
  }

  @Test
  void shouldReportAnUnknownHcallName() {
    assertProblems("name: x\nl1:\n  model: script\n  steps:\n    - hcall: H_GUEST_CREAT\n",
        "t.yaml:5:14: l1.steps.1.hcall: unknown hcall 'H_GUEST_CREAT', did you mean 'H_GUEST_CREATE'?");
  }

  @Test
  void shouldReportAnUnknownElementName() {
    assertProblems(script("- hcall: H_GUEST_SET_STATE\n  gsb: { NIAA: 1, GPR3: 2 }"),
        "t.yaml:6:14: l1.steps.1.gsb: unknown GSB element 'NIAA', did you mean 'NIA'?");
    assertProblems(script("- hcall: H_GUEST_GET_STATE\n  gsb: [GPR3, GRP4]"),
        "t.yaml:6:19: l1.steps.1.gsb: unknown GSB element 'GRP4', did you mean 'GPR4'?");
  }

  @Test
  void shouldReportTheWrongNumberOfParts() {
    assertProblems(script("- hcall: H_GUEST_SET_STATE\n  gsb: { RUN_INPUT: 0x20000, VSR0: [1, 2], GPR3: [1, 2] }"),
        "t.yaml:6:25: l1.steps.1.gsb.RUN_INPUT: RUN_INPUT takes 2 values (address, size), got 1",
        "t.yaml:6:54: l1.steps.1.gsb.GPR3: GPR3 takes 1 value, got 2");
    assertProblems(script("- hcall: H_GUEST_SET_STATE\n  gsb: { PARTITION_TABLE: [1, 52] }"),
        "t.yaml:6:31: l1.steps.1.gsb.PARTITION_TABLE: PARTITION_TABLE takes 3 values (root, EA bits, root size),"
            + " got 2");
  }

  @Test
  void shouldReportBothGsbAndGsbHex() {
    assertProblems(script("- hcall: H_GUEST_SET_STATE\n  gsb: { NIA: 1 }\n  gsb-hex: \"0000\""),
        "t.yaml:7:7: l1.steps.1: give either 'gsb' or 'gsb-hex', not both");
  }

  @Test
  void shouldReportBadHex() {
    assertProblems(script("- hcall: H_GUEST_SET_STATE\n  gsb-hex: \"00000001 100\"\n"
        + "- memory: { write: 0, hex: \"0x00\" }"),
        "t.yaml:6:16: l1.steps.1.gsb-hex: an odd number of hex digits (11)",
        "t.yaml:7:32: l1.steps.2.memory.hex: 'x' is not a hex digit (hex bytes, whitespace ignored)");
  }

  @Test
  void shouldReportAMissingName() {
    assertProblems("seed: 1\n", "t.yaml:1:1: 'name' is required");
    assertProblems("name: \"  \"\n", "t.yaml:1:7: name: must not be empty");
  }

  @Test
  void shouldReportADuplicateKey() {
    assertProblems("name: x\nseed: 1\nl0: { max-guests: 1, max-guests: 2 }\nseed: 2\n",
        "t.yaml:3:22: duplicate key 'max-guests' (first at line 3)",
        "t.yaml:4:1: duplicate key 'seed' (first at line 2)");
  }

  @Test
  void shouldReportAYamlSyntaxError() {
    List<String> p = problems("name: x\nl0: [1, 2\nseed: 3\n");
    assertEquals(1, p.size());
    assertTrue(p.get(0).startsWith("t.yaml:3:5: YAML syntax: "), p.get(0));
    p = problems("name: x\n  seed: 3\n");
    assertTrue(p.get(0).startsWith("t.yaml:2:7: YAML syntax: mapping values are not allowed here"), p.get(0));
  }

  @Test
  void shouldReportAnAssemblyErrorInsideMemoryAsm() {
    assertProblems(script("- memory: { write: 0x1000, asm: \"li 3,1\\nbogus 4\" }"),
        "t.yaml:5:37: l1.steps.1.memory.asm: line 2, column 1: unknown instruction 'bogus'");
    assertProblems(script("- memory: { write: 0x1000, asm: \"nop\", hex: \"00\" }\n- memory: { write: 0, le: true }"),
        "t.yaml:5:32: l1.steps.1.memory: give either 'hex' or 'asm', not both",
        "t.yaml:6:15: l1.steps.2.memory: needs 'hex' or 'asm'",
        "t.yaml:6:27: l1.steps.2.memory.le: applies only to 'asm'");
  }

  @Test
  void shouldReportAMissingProgramFileAndErrorsInsideOne() throws IOException {
    Files.writeString(dir.resolve("bad.s"), "nop\n  li 3,\n");
    String guests = "name: x\nguests:\n  - name: a\n    memory: 1M\n    program-file: nothere.s\n"
        + "  - name: b\n    memory: 1M\n    program-file: bad.s\n  - name: c\n    memory: 1M\n";
    List<String> p = problems(guests);
    assertEquals(3, p.size(), p.toString());
    assertEquals("t.yaml:5:19: guests.1.program-file: no such file '" + dir.resolve("nothere.s") + "'", p.get(0));
    assertTrue(p.get(1).startsWith(dir.resolve("bad.s") + ":2:"), p.get(1));
    assertEquals("t.yaml:9:5: guests.3: needs 'program' or 'program-file'", p.get(2));
  }

  @Test
  void shouldReportSeveralProblemsAtOnceInFileOrder() {
    assertProblems("""
        name: many
        mode: paralel
        l0: { capabilities: [power9, power12], profile: qemu }
        l1:
          model: script
          steps:
            - hcall: H_GUEST_CREATE
              args: { gest: 1 }
              expect: { rc: H_SUCESS }
            - kick: { guest: 1 }
        guests:
          - name: w
        expect: { trace-hash: "sha256:12" }
        """,
        "t.yaml:2:7: mode: unknown mode 'paralel' (deterministic or parallel), did you mean 'parallel'?",
        "t.yaml:3:30: l0.capabilities: unknown capability 'power12' (power9, power10 or power11), did you mean"
            + " 'power10'?",
        "t.yaml:8:15: l1.steps.1.args: unknown key 'gest', did you mean 'guest'?",
        "t.yaml:9:21: l1.steps.1.expect.rc: unknown return code 'H_SUCESS', did you mean 'H_SUCCESS'?",
        "t.yaml:10:13: l1.steps.2.kick: 'vcpu' is required",
        "t.yaml:11:1: guests: only for model: kvm",
        "t.yaml:13:23: expect.trace-hash: expected \"sha256:\" and 64 hex digits, got 'sha256:12'");
  }

  @Test
  void shouldKeepModelKeysToTheirModel() {
    assertProblems("name: x\nl1:\n  steps: []\n", "t.yaml:3:3: l1.steps: only for model: script");
    assertProblems("name: x\nl1:\n  model: script\n  steps: []\n  threads: {}\n",
        "t.yaml:5:3: l1: give either 'steps' or 'setup'/'threads'/'teardown', not both");
    assertProblems("name: x\nl1: { model: scrpit }\n",
        "t.yaml:2:14: l1.model: unknown model 'scrpit' (kvm or script), did you mean 'script'?");
  }

  @Test
  void shouldReportStepsWithoutOrWithTwoKinds() {
    assertProblems(script("- args: { guest: 1 }\n- hcall: H_GUEST_CREATE\n  kick: { guest: 1, vcpu: 0 }\n"
        + "- map: { guest: 1, l2: 0, l1: 0, size: 4K }\n  expect: {}\n- hcal: 1"),
        "t.yaml:5:7: l1.steps.1: a step needs one of hcall, memory, map or kick",
        "t.yaml:7:7: l1.steps.2: a step has exactly one of hcall, memory, map or kick; this one has 'hcall' and"
            + " 'kick'",
        "t.yaml:9:7: l1.steps.3.expect: applies only to hcall steps",
        "t.yaml:10:7: l1.steps.4: unknown key 'hcal', did you mean 'hcall'?",
        "t.yaml:10:7: l1.steps.4: a step needs one of hcall, memory, map or kick");
  }

  @Test
  void shouldCheckExpectAndSave() {
    assertProblems(script("- hcall: H_GUEST_CREATE\n  expect: { exit: HDEC, r4: $ }\n  save: { r4: $g, r5: 1x }"),
        "t.yaml:6:17: l1.steps.1.expect.exit: applies only to H_GUEST_RUN_VCPU",
        "t.yaml:6:33: l1.steps.1.expect.r4: '$' is not a valid $name (a letter or _, then letters, digits, _, . or"
            + " -)",
        "t.yaml:7:19: l1.steps.1.save.r4: write the name to bind without '$'",
        "t.yaml:7:27: l1.steps.1.save.r5: '1x' is not a valid name (a letter or _, then letters, digits, _, . or -)");
  }

  @Test
  void shouldCheckGuestsAndTheirNamesInEventsAndExpectations() {
    assertProblems("""
        name: g
        l0: { capabilities: power9 }
        guests:
          - { name: web, count: 2, memory: 1M, program: nop, cpu: power10, vcpus: 2 }
          - { name: web, memory: 1M, program: nop }
          - { name: bad.name, memory: 0, program: nop, devices: [{ kind: countr, base: 0, size: 4K }] }
        events:
          - { at: 1, inject: doorbel, guest: web.0, vcpu: 2 }
          - { at: 2, delete: web }
          - { at: 3, delete: web.2 }
          - { at: 4, delete: wbe.1 }
          - { at: 5, kexec: false }
          - { at: 6 }
        expect:
          console: { web.1: "" }
          halted: [web.0, nobody]
          registers: { web.0/2: { GPR3: 1, VSR0: 1 }, web.1: { NIA: 1 } }
          exits: { HCALL: "=> 3", 0xE00: 5, 0x123: 1 }
        """,
        "t.yaml:4:59: guests.1.cpu: power10 is not among l0.capabilities, so the L1 cannot negotiate it",
        "t.yaml:5:5: guests.2: duplicate guest name 'web' (first at line 4)",
        "t.yaml:6:13: guests.3.name: 'bad.name' is not a valid guest name (a letter or _, then letters, digits, _"
            + " or -)",
        "t.yaml:6:31: guests.3.memory: must be positive, got 0",
        "t.yaml:6:66: guests.3.devices.1.kind: unknown device kind 'countr' (counter), did you mean 'counter'?",
        "t.yaml:8:22: events.1.inject: unknown injection 'doorbel' (external-interrupt, doorbell, system-reset or"
            + " kick), did you mean 'doorbell'?",
        "t.yaml:8:51: events.1.vcpu: must be between 0 and 1, got 2",
        "t.yaml:9:22: events.2.delete: 'web' stands for 2 guests; name one of web.0 … web.1",
        "t.yaml:10:22: events.3.delete: 'web.2' is past the last of web's 2 guests",
        "t.yaml:11:22: events.4.delete: no guest named 'wbe.1', did you mean 'web.1'?",
        "t.yaml:12:21: events.5.kexec: write 'kexec: true' or leave the event out",
        "t.yaml:13:5: events.6: an event needs one of inject, delete or kexec",
        "t.yaml:16:19: expect.halted: no guest named 'nobody'",
        "t.yaml:17:16: expect.registers.web.0/2: must be between 0 and 1, got 2",
        "t.yaml:17:36: expect.registers.web.0/2: 'VSR0' is not a 4- or 8-byte element",
        "t.yaml:17:47: expect.registers: expected GUEST/VCPU (web.0/0), got 'web.1'",
        "t.yaml:18:19: expect.exits.HCALL: expected a count or one of '== N', '!= N', '>= N', '> N', '<= N', '< N'"
            + " with N >= 0, got '=> 3'",
        "t.yaml:18:37: expect.exits: 0x123 is not an exit vector");
  }

  @Test
  void shouldReportEmptyAndOddFiles() {
    assertProblems("", "t.yaml:1:1: the file is empty; a scenario needs at least 'name'");
    assertProblems("# nothing\n", "t.yaml:1:1: the file is empty; a scenario needs at least 'name'");
    assertProblems("- name: x\n", "t.yaml:1:1: a scenario is a mapping of keys (name, l0, l1, …), got a list");
    assertProblems("name: x\n---\nname: y\n",
        "t.yaml:3:1: a scenario file holds one YAML document; this is a second one");
    assertProblems("name: &n x\ndescription: *n\n",
        "t.yaml:2:14: aliases (*n) are not supported; write the value out");
  }

  @Test
  void shouldCheckTheL0TheL1AndTheScriptShape() {
    assertProblems("""
        name: shapes
        mode: parallel
        l0:
          faults:
            - busy-on-create: 1
              busy-on-delete: 1
            - preempt-every: 0
            - preempt-at: [1K, -1]
            - busy-on-craete: 1
        l1:
          model: script
          memory: 5000
          setup: []
          threads:
            setup: []
            a.b: [{ kick: { guest: 1, vcpu: 0 } }]
        expect: { trace-hash: "sha256:0000000000000000000000000000000000000000000000000000000000000000",
                  registers: { x/0: { LOGICAL_PVR: 0x100000000 } } }
        """,
        "t.yaml:5:7: l0.faults.1: a fault is one key and its value, like 'busy-on-create: 2'",
        "t.yaml:7:22: l0.faults.2.preempt-every: must be positive, got 0",
        "t.yaml:8:24: l0.faults.3.preempt-at: must be 0 or more, got -1",
        "t.yaml:9:7: l0.faults.4: unknown key 'busy-on-craete', did you mean 'busy-on-create'?",
        "t.yaml:12:11: l1.memory: must be a multiple of 4K, got 5000",
        "t.yaml:15:5: l1.threads: 'setup' is not a valid thread name (a letter or _, then letters, digits, _ or -;"
            + " not setup or teardown)",
        "t.yaml:16:5: l1.threads: 'a.b' is not a valid thread name (a letter or _, then letters, digits, _ or -;"
            + " not setup or teardown)",
        "t.yaml:17:11: expect.trace-hash: only for mode: deterministic",
        "t.yaml:18:44: expect.registers.x/0.LOGICAL_PVR: LOGICAL_PVR is a 4-byte element; 4294967296 does not fit"
            + " in 32 bits");
    assertProblems(script("- hcall: H_GUEST_SET_STATE\n  gsb: { LOGICAL_PVR: 0x1FFFFFFFF }"),
        "t.yaml:6:27: l1.steps.1.gsb.LOGICAL_PVR: LOGICAL_PVR is a 4-byte element; 8589934591 does not fit in 32"
            + " bits");
  }

  @Test
  void shouldNameAFileThatIsNotThere() {
    Path missing = dir.resolve("missing.yaml");
    assertEquals(List.of(missing + ":1:1: no such file"),
        assertThrows(ScenarioException.class, () -> ScenarioLoader.load(missing)).problems());
  }

  /** A script file whose steps are {@code steps}, indented under {@code l1.steps} (steps start on line 5). */

  private static String script(String steps) {
    return "name: s\nl1:\n  model: script\n  steps:\n" + steps.lines().map(l -> "    " + l + "\n")
        .reduce("", String::concat);
  }
}
