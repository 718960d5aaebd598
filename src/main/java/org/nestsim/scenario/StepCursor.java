package org.nestsim.scenario;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where one L1 CPU of a script is: its steps, the next one, and whether it waits for an answer or for a
 * name to be bound. Owned by the {@link ScriptRunner}.
 */
final class StepCursor {
  /** What the awaited answer is for. */
  enum Awaiting { NOTHING, STEP, MAP_REGISTRATION, MAP_INVALIDATION, KICK_SENT }

  final int number;
  final String name;
  final List<Step> steps;
  final ActorRef<Object> forwarder;
  int index;
  Awaiting awaiting = Awaiting.NOTHING;
  String blockedOn;
  /** The address and size of the GSB of the step in flight (to read a GET's answer back). */
  long gsbAddress;
  long gsbSize;
  /** The request in flight, for the trace. */
  org.nestsim.l0.L0Protocol.Request sent;

  StepCursor(int number, String name, List<Step> steps, ActorRef<Object> forwarder) {
    this.number = number;
    this.name = name;
    this.steps = steps;
    this.forwarder = forwarder;
  }

  boolean done() {
    return index >= steps.size();
  }

  boolean waiting() {
    return awaiting != Awaiting.NOTHING;
  }

  String blockedOn() {
    return blockedOn;
  }

  Step step() {
    return steps.get(index);
  }

  /** The step's name in failure lines: {@code step 3 (H_GUEST_RUN_VCPU)}, {@code step runner.2 (map)}. */
  String label() {
    String number = name == null ? Integer.toString(index + 1) : name + "." + (index + 1);
    if (done()) {
      return "step " + number;
    }
    Step step = step();
    String kind = step instanceof HcallStep h ? ScriptRunner.hcallName(h.opcode())
        : step instanceof MemoryStep ? "memory" : step instanceof MapStep ? "map" : "kick";
    return "step " + number + " (" + kind + ")";
  }
}
