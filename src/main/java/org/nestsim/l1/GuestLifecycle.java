package org.nestsim.l1;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.nestsim.hcall.HcallFlags;
import org.nestsim.hcall.HcallResult;
import org.nestsim.hcall.ReturnCode;
import org.nestsim.l0.L0Protocol;
import org.nestsim.trace.LifecycleEvent;

/**
 * The scenario's {@code delete} and {@code kexec} events and the stress run's {@code recreate}, as Linux
 * does them (spec §2.9, §7.5): stop the guest's runners (a running vCPU is kicked and its exit awaited),
 * drop the L0's cached translations of the LPID, then {@code H_GUEST_DELETE}, again on {@code H_BUSY}.
 * A recreate then boots the guest again; a kexec deletes every guest with one delete-all and boots them
 * all again, deleted ones included.
 *
 * <p>With the stress oracle on, a delete the L1 takes as done is checked: an {@link L0Protocol.Inspect}
 * of the guest's vCPU 0 must find it {@code ABSENT}, else the host records a {@code zombie-guest}. The
 * planted bug {@link L1Bug#IGNORE_BUSY_DELETE} takes {@code H_BUSY} as done, and is caught so.
 */
final class GuestLifecycle {
  private static final long RPTI_TARGET_CMMU = 0x1;
  private static final long RPTI_TYPE_ALL = 0xF;

  private final KvmL1 host;

  GuestLifecycle(KvmL1 host) {
    this.host = host;
  }

  /** The scenario's {@code delete}. */
  void delete(String name) {
    delete(name, false);
  }

  /** The stress run's {@code recreate}: delete the guest, then boot it again (its programs start over). */
  void recreate(String name) {
    delete(name, true);
  }

  private void delete(String name, boolean boot) {
    GuestRun g = host.find(name);
    if (g == null || g.deleted || !g.booted) {
      host.note((boot ? "recreate" : "delete") + " of " + name + ", which is not running");
      host.finished();
      return;
    }
    String what = boot ? "recreate" : "delete";
    lifecycle(what, name, "begin");
    host.stopRunners(List.of(g), () -> call(r -> new L0Protocol.RptInvalidate(g.id, RPTI_TARGET_CMMU,
        RPTI_TYPE_ALL, -1, 0, -1, r), 0x448, g.id, RPTI_TARGET_CMMU, r -> discard(g, () -> {
          if (!g.deleted) {
            host.finished();
            return;
          }
          lifecycle(what, g.plan.name(), boot ? "deleted, booting again" : "done");
          if (boot) {
            new GuestBoot(host, host.guests.indexOf(g)).bootOne();
          } else {
            host.finished();
          }
        })));
  }

  /**
   * Deletes guest {@code g} at the L0 (again on {@code H_BUSY}), checks with the oracle that it is gone,
   * marks it deleted and runs {@code then}; a refusal is noted and {@code then} runs all the same.
   */
  void discard(GuestRun g, Runnable then) {
    long id = g.id;
    call(r -> new L0Protocol.DeleteGuest(0, id, r), 0x488, 0, id, r -> {
      boolean busy = ReturnCode.isBusy(r.rc());
      if (busy && host.plan.bug() != L1Bug.IGNORE_BUSY_DELETE) {
        discard(g, then);
        return;
      }
      if (r.isSuccess() || busy) {
        g.deleted = true;
        checkGone(List.of(g.plan.name()), List.of(id), then);
      } else {
        host.note("delete of " + g.plan.name() + ": H_GUEST_DELETE answered " + ReturnCode.describe(r.rc()));
        then.run();
      }
    });
  }

  void kexec() {
    lifecycle("kexec", null, "begin");
    List<GuestRun> live = host.guests.stream().filter(g -> g.booted && !g.deleted).toList();
    host.stopRunners(live, () -> deleteAll(live));
  }

  private void deleteAll(List<GuestRun> live) {
    call(r -> new L0Protocol.DeleteGuest(HcallFlags.H_GUEST_DELETE_ALL_FLAG, 0, r), 0x488,
        HcallFlags.H_GUEST_DELETE_ALL_FLAG, 0, r -> {
          boolean busy = ReturnCode.isBusy(r.rc());
          if (busy && host.plan.bug() != L1Bug.IGNORE_BUSY_DELETE) {
            deleteAll(live);
            return;
          }
          if (!r.isSuccess() && !busy) {
            host.note("kexec: H_GUEST_DELETE of every guest answered " + ReturnCode.describe(r.rc()));
          }
          checkGone(live.stream().map(g -> g.plan.name()).toList(), live.stream().map(g -> g.id).toList(), () -> {
            lifecycle("kexec", null, "booting again");
            new GuestBoot(host, 0).negotiate();
          });
        });
  }

  /** With the oracle on: each of {@code ids} (named {@code names}) must be gone from the L0. */
  private void checkGone(List<String> names, List<Long> ids, Runnable then) {
    if (!host.plan.oracle() || ids.isEmpty()) {
      then.run();
      return;
    }
    host.inspect(ids.get(0), i -> {
      if (i.status() != L0Protocol.Inspection.Status.ABSENT) {
        host.violation("zombie-guest", names.get(0), "the L1 took guest " + ids.get(0) + " as deleted, the L0 "
            + "still has it (its vCPU 0 is " + i.status() + ")");
      }
      checkGone(names.subList(1, names.size()), ids.subList(1, ids.size()), then);
    });
  }

  private void lifecycle(String what, String guest, String detail) {
    if (host.traced()) {
      host.record(new LifecycleEvent(host.time, what, guest, -1, detail));
    }
  }

  private void call(Function<ActorRef<HcallResult>, L0Protocol.Request> request, long opcode, long r4, long r5,
      Consumer<HcallResult> then) {
    host.call(request, opcode, r4, r5, then);
  }
}
