package org.nestsim.sched;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * The pending {@link SimEvent}s of a run, delivered in {@link SimEvent#ORDER}: (time, kind, guest,
 * vCPU, serial). The order is total, so the same set of events comes out in the same order whatever the
 * order they went in; insertion order shows only through the serial, between events equal in every
 * other key.
 *
 * <p>Cancellation is lazy: a cancelled event stays in the heap, forgotten by the pending map, and is
 * dropped when it reaches the head; when the heap holds more than twice as many dead events as live
 * ones it is swept. Not thread-safe: one actor (or one test) owns a queue.
 *
 * @param <T> the payload type
 */
public final class EventQueue<T> {
  /** Below this heap size, dead events are left to drain at the head rather than swept. */
  private static final int SWEEP_MIN_HEAP = 64;

  private final PriorityQueue<SimEvent<T>> heap = new PriorityQueue<>(SimEvent.ORDER);
  /** The live events by serial; an event in the heap but not here (by identity) was cancelled. */
  private final Map<Long, SimEvent<T>> pending = new HashMap<>();
  private long nextSerial;

  /**
   * Schedules an event and gives it the next serial.
   *
   * @param guest the guest id, {@link SimEvent#NO_GUEST} for none
   * @param vcpu the vCPU id, {@link SimEvent#NO_VCPU} for none
   * @return the event, the handle for {@link #cancel}
   * @throws IllegalArgumentException for a negative time or id (see {@link SimEvent})
   */
  public SimEvent<T> schedule(long time, EventKind kind, int guest, int vcpu, T payload) {
    SimEvent<T> event = new SimEvent<>(time, kind, guest, vcpu, nextSerial, payload);
    nextSerial++;
    heap.add(event);
    pending.put(event.serial(), event);
    return event;
  }

  /**
   * Cancels a pending event of this queue.
   *
   * @return whether it was pending; false if it was already delivered or cancelled, or belongs to
   *     another queue
   */
  public boolean cancel(SimEvent<T> event) {
    if (pending.get(event.serial()) != event) {
      return false;
    }
    pending.remove(event.serial());
    if (heap.size() > SWEEP_MIN_HEAP && heap.size() > 3 * pending.size()) {
      heap.removeIf(e -> pending.get(e.serial()) != e);
    }
    return true;
  }

  /** The time of the first pending event, or empty when none is pending. */
  public OptionalLong peekTime() {
    SimEvent<T> head = liveHead();
    return head == null ? OptionalLong.empty() : OptionalLong.of(head.time());
  }

  /**
   * Removes and returns the first pending event if its time is at most {@code now}, else null. Lets a
   * driver deliver events one at a time, so that events it schedules while handling one (at the same
   * time, of a later kind) are delivered in order too.
   */
  public SimEvent<T> pollNextDue(long now) {
    SimEvent<T> head = liveHead();
    if (head == null || head.time() > now) {
      return null;
    }
    heap.poll();
    pending.remove(head.serial());
    return head;
  }

  /** Removes and returns every pending event with time at most {@code now}, in delivery order. */
  public List<SimEvent<T>> pollDue(long now) {
    List<SimEvent<T>> due = new ArrayList<>();
    for (SimEvent<T> e = pollNextDue(now); e != null; e = pollNextDue(now)) {
      due.add(e);
    }
    return due;
  }

  /** Whether no event is pending. */
  public boolean isEmpty() {
    return pending.isEmpty();
  }

  /** The number of pending (scheduled, neither delivered nor cancelled) events. */
  public int size() {
    return pending.size();
  }

  /** Drops cancelled events from the head of the heap and returns the first live one, or null. */
  private SimEvent<T> liveHead() {
    SimEvent<T> head = heap.peek();
    while (head != null && pending.get(head.serial()) != head) {
      heap.poll();
      head = heap.peek();
    }
    return head;
  }
}
