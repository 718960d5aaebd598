package org.nestsim.actor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The message handlers of a behaviour class {@code B} with protocol {@code T}, built once (a static
 * field) and shared by every actor of the class. Each case is a message class, an optional test and a
 * handler that takes the behaviour instance and the message; the first case whose class (and test)
 * matches handles the message, as with Pekko's {@code ReceiveBuilder}, and a message no case matches
 * is unhandled. An actor's {@code createReceive()} returns {@link #receiveFor(Object)}: one 24-byte
 * object, where a {@code ReceiveBuilder} table per actor costs a case, an array slot and a bound lambda
 * per message class (DESIGN.md's memory budget). Signals are not handled (none of its users has a
 * signal handler).
 *
 * <p>Handlers are called through a {@link MethodHandle} loaded from an array, which the JIT cannot
 * inline: each handler is compiled on its own, as behind the builder's call site, which every builder
 * in the JVM shares and which is therefore megamorphic. A plain interface call here sees one dominant
 * handler when one class's messages dominate (the vCPU's {@code RunVcpu} in the L0 benchmarks): C2
 * then inlines the whole run path into this method and compiles it worse, and a run through the cached
 * route measured 390–420 ns instead of 315–325 (docs/PERFORMANCE.md, "L0: memory per vCPU").
 *
 * @param <B> the behaviour class whose instance each handler is given
 * @param <T> the actor's protocol
 */
public final class ReceiveTable<B, T> {
  /** A handler of messages of type {@code M}. */
  @FunctionalInterface
  public interface Handler<B, M, T> {
    Behavior<T> apply(B behavior, M message) throws Exception;
  }

  /** A test that decides whether a case takes a message, given the behaviour's current state. */
  @FunctionalInterface
  public interface Test<B, M> {
    boolean test(B behavior, M message);
  }

  private record Case<B, T>(Class<?> type, Test<B, Object> test, Handler<B, Object, T> handler) {}

  private static final MethodHandle APPLY;

  static {
    try {
      APPLY = MethodHandles.publicLookup().findVirtual(Handler.class, "apply",
          MethodType.methodType(Behavior.class, Object.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Class<?>[] types;
  private final Test<B, Object>[] tests;
  /** Each handler's {@code apply}, bound: a call the JIT cannot inline (see the class comment). */
  private final MethodHandle[] handlers;

  @SuppressWarnings("unchecked")
  private ReceiveTable(List<Case<B, T>> cases) {
    int n = cases.size();
    types = new Class<?>[n];
    tests = (Test<B, Object>[]) new Test<?, ?>[n];
    handlers = new MethodHandle[n];
    for (int i = 0; i < n; i++) {
      types[i] = cases.get(i).type();
      tests[i] = cases.get(i).test();
      handlers[i] = APPLY.bindTo(cases.get(i).handler());
    }
  }

  /** A table with no cases yet. */
  public static <B, T> Builder<B, T> builder() {
    return new Builder<>();
  }

  /** Handles {@code message} with the first matching case, for {@code behavior}. */
  @SuppressWarnings("unchecked")
  public Behavior<T> dispatch(B behavior, T message) throws Exception {
    for (int i = 0; i < types.length; i++) {
      if (types[i].isInstance(message) && (tests[i] == null || tests[i].test(behavior, message))) {
        try {
          return (Behavior<T>) handlers[i].invokeExact((Object) behavior, (Object) message);
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new IllegalStateException(t);
        }
      }
    }
    return Behaviors.unhandled();
  }

  /** What {@code behavior}'s {@code createReceive()} returns: this table, bound to it. */
  public Receive<T> receiveFor(B behavior) {
    return new Bound<>(this, behavior);
  }

  private static final class Bound<B, T> extends Receive<T> {
    private final ReceiveTable<B, T> table;
    private final B behavior;

    Bound(ReceiveTable<B, T> table, B behavior) {
      this.table = table;
      this.behavior = behavior;
    }

    @Override
    public Behavior<T> receiveMessage(T message) throws Exception {
      return table.dispatch(behavior, message);
    }

    @Override
    public Behavior<T> receiveSignal(Signal signal) {
      return Behaviors.unhandled();
    }
  }

  /** Collects the cases in order. */
  public static final class Builder<B, T> {
    private final List<Case<B, T>> cases = new ArrayList<>();

    private Builder() {}

    /** Messages of {@code type} go to {@code handler}. */
    public <M extends T> Builder<B, T> on(Class<M> type, Handler<B, M, T> handler) {
      return add(type, null, handler);
    }

    /** Messages of {@code type} for which {@code test} holds go to {@code handler}. */
    public <M extends T> Builder<B, T> on(Class<M> type, Test<B, M> test, Handler<B, M, T> handler) {
      return add(type, test, handler);
    }

    @SuppressWarnings("unchecked")
    private <M extends T> Builder<B, T> add(Class<M> type, Test<B, M> test, Handler<B, M, T> handler) {
      cases.add(new Case<>(type, (Test<B, Object>) test, (Handler<B, Object, T>) handler));
      return this;
    }

    /** The table. */
    public ReceiveTable<B, T> build() {
      return new ReceiveTable<>(cases);
    }
  }
}
