package org.nestsim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nestsim.cpu.asm.AsmException;
import org.nestsim.cpu.asm.Assembler;
import org.nestsim.gsb.Gsid;
import org.nestsim.hcall.Capability;
import org.nestsim.hcall.ExitReason;
import org.nestsim.hcall.Hcall;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.Profile;

/**
 * The loader against the examples of the format: every value as written, every default filled in,
 * integers in every form and names in their place, programs assembled at load time. The problems are
 * {@link ScenarioProblemsTest}'s.
 */
class ScenarioLoaderTest {
  @TempDir
  Path dir;

  private Scenario load(String yaml) throws ScenarioException {
    return ScenarioLoader.parse("t.yaml", yaml, dir);
  }

  private static byte[] asm(String source, long origin, ByteOrder order) throws AsmException {
    return Assembler.assemble(source, "x", origin, order).bytes();
  }

  @Test
  void shouldFillInEveryDefault() throws Exception {
    Scenario s = load("name: minimal\n");
    assertEquals("t.yaml", s.file());
    assertEquals("minimal", s.name());
    assertNull(s.description());
    assertEquals(0, s.seed());
    assertEquals(RunMode.DETERMINISTIC, s.mode());
    assertEquals(new Limits(1L << 30, 10L << 20, 0), s.limits());
    assertEquals(Capability.POWER9.mask() | Capability.POWER10.mask(), s.l0().capabilities());
    assertEquals(0x6000_0000_0000_0000L, s.l0().capabilities());
    assertEquals(4095, s.l0().maxGuests());
    assertEquals(2048, s.l0().maxVcpus());
    assertEquals(Profile.SPEC, s.l0().profile());
    assertEquals(List.of(), s.l0().faults());
    assertEquals(new L1Settings(L1Model.KVM, 1L << 30, null), s.l1());
    assertEquals(List.of(), s.guests());
    assertEquals(List.of(), s.events());
    assertEquals(Expectations.NONE, s.expect());
  }

  @Test
  void shouldLoadTheTopLevelExample() throws Exception {
    Scenario s = load(ScenarioExamples.TOP_LEVEL);
    assertEquals("hello-console", s.name());
    assertEquals("two guests print through an L2 hcall", s.description());
    assertEquals(42, s.seed());
    assertEquals(Limits.DEFAULT, s.limits());
    assertEquals(new L0Settings(0x6000_0000_0000_0000L, 4095, 2048, Profile.SPEC, List.of()), s.l0());
    assertEquals(L1Model.KVM, s.l1().model());
  }

  @Test
  void shouldLoadTheGuestsExampleWithEventsFaultsAndExpectations() throws Exception {
    Scenario s = load(ScenarioExamples.GUESTS);
    GuestSpec web = s.guests().get(0);
    assertEquals("web", web.name());
    assertEquals(3, web.count());
    assertEquals(64L << 20, web.memory());
    assertEquals(4, web.vcpus());
    assertEquals("power10", web.cpu());
    assertArrayEquals(asm(".org 0x100\nli 3,1\nsc 1\n", 0, ByteOrder.BIG_ENDIAN), web.image());
    assertEquals(0x108, web.image().length);
    assertEquals(0x100, web.entry());
    assertEquals(0x8000_0000_0000_0000L, web.msr());
    assertTrue(web.console());
    assertEquals("ab\n", web.consoleInput());
    assertEquals(100 << 10, web.timeslice());
    assertEquals(List.of(new DeviceSpec(new Location("t.yaml", 18, 9), "counter", 0xF000_0000L, 4096)),
        web.devices());
    assertEquals(List.of("web.0", "web.1", "web.2"), web.instanceNames());

    GuestSpec db = s.guests().get(1);
    assertEquals(1, db.count());
    assertEquals(1, db.vcpus());
    assertNull(db.cpu());
    assertEquals(0x100, db.entry());
    assertEquals(Long.MIN_VALUE, db.msr());
    assertEquals("", db.consoleInput());
    assertEquals(100 << 10, db.timeslice());
    assertArrayEquals(asm("li 3,0\nsc 1", 0, ByteOrder.BIG_ENDIAN), db.image());

    assertEquals(List.of(
        new EventSpec.Inject(new Location("t.yaml", 25, 5), 1 << 20, "external-interrupt", "web.0", 1),
        new EventSpec.Delete(new Location("t.yaml", 29, 5), 2 << 20, "web.2"),
        new EventSpec.Kexec(new Location("t.yaml", 31, 5), 3 << 20)), s.events());

    assertEquals(List.of(
        new L0Fault.BusyOnCreate(new Location("t.yaml", 35, 7), 2),
        new L0Fault.BusyOnDelete(new Location("t.yaml", 36, 7), 3),
        new L0Fault.NoMemoryAfterVcpus(new Location("t.yaml", 37, 7), 100),
        new L0Fault.PreemptEvery(new Location("t.yaml", 38, 7), 50 << 10),
        new L0Fault.PreemptAt(new Location("t.yaml", 39, 7), List.of(10L << 10, 55L << 10))), s.l0().faults());

    Expectations e = s.expect();
    assertEquals(Map.of("web.0", "hello from vcpu 0\n"), e.console());
    assertEquals(List.of("HCALL", "HDEC", "HDSI"), List.copyOf(e.exits().keySet()));
    assertEquals(List.of(">= 8", "> 0", "12"), List.copyOf(e.exits().values()));
    assertEquals(new HaltedSpec.All(), e.halted());
    assertEquals(Map.of("web.0/0", Map.of(Gsid.gpr(3), 0x2aL)), e.registers());
    assertEquals("sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", e.traceHash());
  }

  @Test
  void shouldLoadTheScriptExample() throws Exception {
    Scenario s = load(ScenarioExamples.SCRIPT);
    assertEquals(L1Model.SCRIPT, s.l1().model());
    Script script = s.l1().script();
    assertTrue(script.setup().isEmpty() && script.threads().isEmpty() && script.teardown().isEmpty());
    List<Step> steps = script.steps();
    assertEquals(11, steps.size());

    HcallStep caps = (HcallStep) steps.get(0);
    assertEquals(new Location("t.yaml", 5, 7), caps.location());
    assertEquals(Hcall.H_GUEST_GET_CAPABILITIES.opcode(), caps.opcode());
    assertEquals(StepExpect.DEFAULT, caps.expect());
    assertEquals(Map.of("r4", "caps"), caps.save());
    assertNull(caps.gsb());

    HcallStep set = (HcallStep) steps.get(1);
    assertEquals(Map.of("capabilities", new Operand.Ref("caps", new Location("t.yaml", 9, 29))), set.args());
    assertEquals(StepExpect.DEFAULT, set.expect());

    HcallStep vcpu = (HcallStep) steps.get(3);
    assertEquals(List.of("guest", "vcpu"), List.copyOf(vcpu.args().keySet()));
    assertEquals(new Operand.Literal(0), vcpu.args().get("vcpu"));

    MapStep map = (MapStep) steps.get(4);
    assertEquals(new Operand.Ref("g", new Location("t.yaml", 14, 21)), map.guest());
    assertEquals(new Operand.Literal(0), map.l2());
    assertEquals(new Operand.Literal(0x400000), map.l1());
    assertEquals(new Operand.Literal(64 << 10), map.size());
    assertNull(map.table());

    GsbSpec.Values values = assertInstanceOf(GsbSpec.Values.class, ((HcallStep) steps.get(5)).gsb());
    assertEquals(List.of(Gsid.NIA, Gsid.MSR, Gsid.HDEC_EXPIRY_TB, Gsid.RUN_INPUT, Gsid.RUN_OUTPUT),
        values.elements().stream().map(ElementValue::id).toList());
    assertEquals(List.of(new Operand.Literal(Long.MIN_VALUE)), values.elements().get(1).parts());
    assertEquals(List.of(new Operand.Literal(0x20000), new Operand.Literal(1024)), values.elements().get(3).parts());
    assertEquals(new Location("t.yaml", 18, 14), values.elements().get(3).location());

    HcallStep bad = (HcallStep) steps.get(6);
    assertArrayEquals(new byte[] {0, 0, 0, 1, 0x10, 0x03, 0, 4, 0, 0, 0, 7},
        assertInstanceOf(GsbSpec.Hex.class, bad.gsb()).bytes());
    assertEquals(List.of(ReturnCode.H_INVALID_ELEMENT_SIZE.value()), bad.expect().rc());
    assertEquals(new Operand.Literal(0), bad.expect().r4());
    assertNull(bad.expect().r5());

    MemoryStep memory = (MemoryStep) steps.get(7);
    assertEquals(new Operand.Literal(0x400100), memory.address());
    assertArrayEquals(asm("li 3,1\nsc 1", 0x400100, ByteOrder.BIG_ENDIAN), memory.bytes());

    HcallStep run = (HcallStep) steps.get(8);
    assertEquals(List.of((long) ExitReason.HCALL.vector()), run.expect().exits());
    assertEquals(List.of(new ElementValue(Gsid.gpr(3), List.of(new Operand.Literal(1)),
        new Location("t.yaml", 26, 52))), run.expect().gsb());

    HcallStep get = (HcallStep) steps.get(9);
    assertEquals(new GsbSpec.Ids(List.of(Gsid.gpr(3), Gsid.NIA)), get.gsb());
    assertEquals(2, get.expect().gsb().size());
  }

  @Test
  void shouldLoadRacingThreads() throws Exception {
    Script script = load(ScenarioExamples.THREADS).l1().script();
    assertTrue(script.isThreaded());
    assertEquals(List.of(), script.steps());
    assertEquals(1, script.setup().size());
    assertEquals(List.of("runner", "deleter"), List.copyOf(script.threads().keySet()));
    HcallStep run = (HcallStep) script.threads().get("runner").get(0);
    assertEquals(List.of(0L, ReturnCode.H_P2.value()), run.expect().rc());
    assertEquals(List.of(0L, 0x980L), run.expect().exits());
    KickStep kick = (KickStep) script.threads().get("deleter").get(1);
    assertEquals(new Operand.Literal(0), kick.vcpu());
    assertEquals(List.of(), script.teardown());
  }

  @Test
  void shouldReadIntegersInEveryFormAndNamesInTheirPlace() throws Exception {
    String yaml = """
        name: numbers
        seed: -1
        limits: { instructions: 0x10, exits: "4K", time: 2G }
        l1:
          model: script
          memory: 0x100000
          steps:
            - hcall: 0x480
              args: { flags: 0xFFFFFFFFFFFFFFFF, token: h_guest_create, size: nia, address: hdec }
              expect: { rc: -2, r5: h_p3, exit: 0x980 }
            - memory: { write: $a.b-c_d, asm: "li 3,1", le: true }
            - memory: { write: 16, hex: " 00 ff\\n 10 " }
            - hcall: 0x9999
        """;
    Scenario s = load(yaml);
    assertEquals(-1, s.seed());
    assertEquals(new Limits(16, 4096, 2L << 30), s.limits());
    assertEquals(0x100000, s.l1().memory());
    HcallStep h = (HcallStep) s.l1().script().steps().get(0);
    assertEquals(Hcall.H_GUEST_RUN_VCPU.opcode(), h.opcode());
    assertEquals(0x9999, ((HcallStep) s.l1().script().steps().get(3)).opcode());
    assertEquals(Map.of("flags", new Operand.Literal(-1), "token", new Operand.Literal(0x470),
        "size", new Operand.Literal(Gsid.NIA), "address", new Operand.Literal(0x980)), h.args());
    assertEquals(List.of(ReturnCode.H_FUNCTION.value()), h.expect().rc());
    assertEquals(new Operand.Literal(-56), h.expect().r5());
    MemoryStep le = (MemoryStep) s.l1().script().steps().get(1);
    assertEquals("a.b-c_d", ((Operand.Ref) le.address()).name());
    assertArrayEquals(asm("li 3,1", 0, ByteOrder.LITTLE_ENDIAN), le.bytes());
    assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, ((MemoryStep) s.l1().script().steps().get(2)).bytes());
  }

  @Test
  void shouldLoadAProgramFileRelativeToTheScenario() throws Exception {
    Files.createDirectories(dir.resolve("programs"));
    Files.writeString(dir.resolve("programs/hello.s"), ".org 0x100\nli 3,42\nsc 1\n");
    Path file = dir.resolve("hello.yaml");
    Files.writeString(file, "name: f\nguests:\n  - name: g\n    memory: 1M\n    program-file: programs/hello.s\n");
    Scenario s = ScenarioLoader.load(file);
    assertEquals(file.toString(), s.file());
    assertArrayEquals(asm(".org 0x100\nli 3,42\nsc 1\n", 0, ByteOrder.BIG_ENDIAN), s.guests().get(0).image());
  }

  @Test
  void shouldAcceptAnyElementANumberIdAndWrongScopes() throws Exception {
    Scenario s = load(script("- hcall: H_GUEST_SET_STATE\n  gsb: { 0x7777: [1, 2, 3], LOGICAL_PVR: 1, GPR3: [$x] }"));
    List<ElementValue> e = ((GsbSpec.Values) ((HcallStep) s.l1().script().steps().get(0)).gsb()).elements();
    assertEquals(0x7777, e.get(0).id());
    assertEquals(3, e.get(0).parts().size());
  }

  /** A script file whose steps are {@code steps}, indented under {@code l1.steps} (steps start on line 5). */
  private static String script(String steps) {
    return "name: s\nl1:\n  model: script\n  steps:\n" + steps.lines().map(l -> "    " + l + "\n")
        .reduce("", String::concat);
  }
}
