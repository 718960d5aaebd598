package org.nestsim.scenario;

/**
 * The examples of ../shared/spec/scenario-format.md as complete files, shared by the loader test and the
 * fuzz test. Comments are kept where they were, since comments are part of what the loader must skip.
 */
final class ScenarioExamples {
  private ScenarioExamples() {}

  /** The "Top level" example, with the fault list of "Faults" and the expectations of "Expectations". */
  static final String TOP_LEVEL = """
      name: hello-console            # required
      description: two guests print through an L2 hcall
      seed: 42                       # default 0
      mode: deterministic            # deterministic (default) | parallel
      limits:                        # a run always ends
        instructions: 1G             # default 1G
        exits: 10M                   # default 10M
        time: 0                      # default 0 = none
      l0:
        capabilities: [power9, power10]
        max-guests: 4095
        max-vcpus: 2048
        profile: spec
        faults: []
      l1:
        model: kvm
        memory: 1G
      guests: []
      events: []
      expect: {}
      """;

  /** The "Guests" example with an inline program, events and expectations (model kvm). */
  static final String GUESTS = """
      name: guests
      guests:
        - name: web                  # required, unique
          count: 3                   # default 1
          memory: 64M
          vcpus: 4                   # default 1
          cpu: power10
          program: |
            .org 0x100
            li 3,1
            sc 1
          entry: 0x100
          msr: 0x8000000000000000
          console: true
          console-input: "ab\\n"
          timeslice: 100K
          devices:
            - kind: counter
              base: 0xF0000000
              size: 4K
        - name: db
          memory: 16M
          program: "li 3,0\\nsc 1"
      events:
        - at: 1M
          inject: external-interrupt   # external-interrupt | doorbell | system-reset | kick
          guest: web.0
          vcpu: 1
        - at: 2M
          delete: web.2
        - at: 3M
          kexec: true
      l0:
        faults:
          - busy-on-create: 2
          - busy-on-delete: 3
          - no-memory-after-vcpus: 100
          - preempt-every: 50K
          - preempt-at: [10K, 55K]
      expect:
        console: { web.0: "hello from vcpu 0\\n" }
        exits: { HCALL: ">= 8", HDEC: "> 0", HDSI: 12 }
        halted: all
        registers: { web.0/0: { GPR3: 0x2a } }
        trace-hash: "sha256:00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff"
      """;

  /** The "Script steps" example. */
  static final String SCRIPT = """
      name: conformance
      l1:
        model: script
        steps:
          - hcall: H_GUEST_GET_CAPABILITIES
            expect: { rc: H_SUCCESS }
            save: { r4: caps }                   # later steps may use $caps
          - hcall: H_GUEST_SET_CAPABILITIES
            args: { capabilities: $caps }
          - hcall: H_GUEST_CREATE
            save: { r4: g }
          - hcall: H_GUEST_CREATE_VCPU
            args: { guest: $g, vcpu: 0 }
          - map: { guest: $g, l2: 0x0, l1: 0x400000, size: 64K }   # partition-scoped mapping
          - hcall: H_GUEST_SET_STATE             # args: flags, guest, vcpu
            args: { guest: $g, vcpu: 0 }
            gsb: { NIA: 0x100, MSR: 0x8000000000000000, HDEC_EXPIRY_TB: 1M,
                   RUN_INPUT: [0x20000, 1K], RUN_OUTPUT: [0x21000, 1K] }
          - hcall: H_GUEST_SET_STATE
            args: { guest: $g, vcpu: 0 }
            gsb-hex: "00000001 1003 0004 00000007"   # raw bytes instead of `gsb`
            expect: { rc: H_INVALID_ELEMENT_SIZE, r4: 0 }
          - memory: { write: 0x400100, asm: "li 3,1\\nsc 1" }   # L1 real address; asm or hex
          - hcall: H_GUEST_RUN_VCPU
            args: { guest: $g, vcpu: 0 }
            expect: { rc: H_SUCCESS, exit: HCALL, gsb: { GPR3: 1 } }
          - hcall: H_GUEST_GET_STATE
            args: { guest: $g, vcpu: 0 }
            gsb: [GPR3, NIA]                      # the ids the L1 asks for
            expect: { rc: H_SUCCESS, gsb: { GPR3: 1, NIA: 0x108 } }
          - hcall: H_GUEST_DELETE
            args: { guest: $g }
      """;

  /** The "Racing L1 threads" example, with a setup that binds $g. */
  static final String THREADS = """
      name: racing
      seed: 7
      l1:
        model: script
        setup:
          - hcall: H_GUEST_CREATE
            save: { r4: g }
        threads:
          runner:
            - hcall: H_GUEST_RUN_VCPU
              args: { guest: $g, vcpu: 0 }
              expect: { rc: [H_SUCCESS, H_P2], exit: [NONE, HDEC] }
          deleter:
            - hcall: H_GUEST_DELETE
              args: { guest: $g }
              expect: { rc: [H_SUCCESS, H_BUSY] }
            - kick: { guest: $g, vcpu: 0 }
        teardown: []
      """;
}
