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
 * The scenario's {@code delete} and {@code kexec} events, as Linux does them (spec §2.9, §7.5): stop the
 * guest's runners (a running vCPU is kicked and its exit awaited), drop the L0's cached translations of
 * the LPID, then {@code H_GUEST_DELETE}, again on {@code H_BUSY}. A kexec deletes every guest with one
 * delete-all and boots them all again, deleted ones included.
 */
final class GuestLifecycle {
  private static final long RPTI_TARGET_CMMU = 0x1;
  private static final long RPTI_TYPE_ALL = 0xF;

  private final KvmL1 host;

  GuestLifecycle(KvmL1 host) {
    this.host = host;
  }

  void delete(String name) {
    GuestRun g = host.find(name);
    if (g == null || g.deleted || !g.booted) {
      host.note("delete of " + name + ", which is not running");
      host.finished();
      return;
    }
    lifecycle("delete", name, "begin");
    host.stopRunners(List.of(g), () -> call(r -> new L0Protocol.RptInvalidate(g.id, RPTI_TARGET_CMMU,
        RPTI_TYPE_ALL, -1, 0, -1, r), 0x448, g.id, RPTI_TARGET_CMMU, r -> deleteGuest(g)));
  }

  private void deleteGuest(GuestRun g) {
    call(r -> new L0Protocol.DeleteGuest(0, g.id, r), 0x488, 0, g.id, r -> {
      if (ReturnCode.isBusy(r.rc())) {
        deleteGuest(g);
        return;
      }
      if (r.isSuccess()) {
        g.deleted = true;
        lifecycle("delete", g.plan.name(), "done");
      } else {
        host.note("delete of " + g.plan.name() + ": H_GUEST_DELETE answered " + ReturnCode.describe(r.rc()));
      }
      host.finished();
    });
  }

  void kexec() {
    lifecycle("kexec", null, "begin");
    List<GuestRun> live = host.guests.stream().filter(g -> g.booted && !g.deleted).toList();
    host.stopRunners(live, this::deleteAll);
  }

  private void deleteAll() {
    call(r -> new L0Protocol.DeleteGuest(HcallFlags.H_GUEST_DELETE_ALL_FLAG, 0, r), 0x488,
        HcallFlags.H_GUEST_DELETE_ALL_FLAG, 0, r -> {
          if (ReturnCode.isBusy(r.rc())) {
            deleteAll();
            return;
          }
          if (!r.isSuccess()) {
            host.note("kexec: H_GUEST_DELETE of every guest answered " + ReturnCode.describe(r.rc()));
          }
          lifecycle("kexec", null, "booting again");
          new GuestBoot(host, 0).negotiate();
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
