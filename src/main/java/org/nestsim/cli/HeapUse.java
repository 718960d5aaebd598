package org.nestsim.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a run uses, from the JVM's own figures, without a sampling thread: {@link #usedAfterGc()}
 * before and after the run, and — while {@link #watch()} is open — the largest heap left after any
 * collection during the run (the garbage collectors' notifications; summed over the heap pools).
 *
 * <p>Why not {@link MemoryPoolMXBean#getPeakUsage()}: the heap pools peak at different moments and the
 * young pools peak when they are full of garbage (the eden's peak is its size), so their sum says how big
 * the collector let the heap grow, not what the run kept. The heap after a collection is what the
 * collector could not free: the live data, plus old-generation garbage a young collection does not look
 * at — still an upper bound of the live set, but not one set by the eden's size. A run so short that no
 * collection happens has no such figure ({@code -1}).
 */
final class HeapUse implements AutoCloseable {
  private final AtomicLong peakAfterGc = new AtomicLong(-1);
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;
  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

  private HeapUse() {}

  /** Used heap right after a full collection ({@link System#gc()}). */
  static long usedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Starts watching the collections. */
  static HeapUse watch() {
    HeapUse h = new HeapUse();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(h.listener, null, null);
        h.emitters.add(emitter);
      }
    }
    return h;
  }

  private void onNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
        .getGcInfo().getMemoryUsageAfterGc();
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    peakAfterGc.accumulateAndGet(used, Math::max);
  }

  /** The largest heap left after a collection while watching, or -1 when none happened. */
  long peakAfterGc() {
    return peakAfterGc.get();
  }

  /** Stops watching (a notification already on its way may still count). */
  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ex) {
        // Not registered: nothing to remove.
      }
    }
  }
}
