package org.nestsim.sched;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A racing script in the jcstress manner: writers {@code A}, {@code B} and {@code C} each send
 * {@link #UPDATES} updates to one shared {@code Register}, one update per message they process, while a
 * {@code Reader} keeps reading the register's version. The script starts with one {@link Start} and
 * reports one {@link Outcome}, then stops with all its actors; nothing is left in any mailbox (no dead
 * letters, whose logging would be state shared between runs).
 *
 * <p>Outcomes (the arbiter is {@link Outcome#violation()}):
 * <ul>
 *   <li>acceptable: every update applied exactly once, each writer's in program order; the reader's
 *       versions never decrease and end at the total;</li>
 *   <li>interesting: which interleaving happened (the dispatcher should produce many);</li>
 *   <li>forbidden: anything else.</li>
 * </ul>
 */
final class RacingScript {
  static final String WRITERS = "ABC";
  static final int UPDATES = 5;
  static final int TOTAL = WRITERS.length() * UPDATES;

  private RacingScript() {}

  /** The script's protocol. */
  sealed interface Command {}

  /** The one bootstrap message: run, and send the outcome to {@code report}. */
  record Start(ActorRef<Outcome> report) implements Command {}

  /** The register's history once all updates are in, e.g. {@code [A0, B0, A1, ...]}. */
  private record Applied(List<String> updates) implements Command {}

  /** Every version the reader saw, in order. */
  private record Seen(List<Integer> versions) implements Command {}

  /** What one run observed. {@link #render()} is its canonical text. */
  record Outcome(List<String> applied, List<Integer> seen) {
    Outcome {
      applied = List.copyOf(applied);
      seen = List.copyOf(seen);
    }

    /** The canonical text of the outcome, compared byte for byte between runs. */
    String render() {
      return "applied=" + String.join(",", applied) + " seen=" + seen.toString().replace(" ", "");
    }

    /** Null if the outcome is acceptable, otherwise why it is forbidden. */
    String violation() {
      if (applied.size() != TOTAL) {
        return "applied " + applied.size() + " updates, expected " + TOTAL;
      }
      int[] next = new int[WRITERS.length()];
      for (String u : applied) {
        int w = WRITERS.indexOf(u.charAt(0));
        int seq = Integer.parseInt(u.substring(1));
        if (w < 0 || seq != next[w]) {
          return "update " + u + " out of program order or repeated";
        }
        next[w]++;
      }
      int last = 0;
      for (int v : seen) {
        if (v < last || v > TOTAL) {
          return "reader saw version " + v + " after " + last;
        }
        last = v;
      }
      if (seen.isEmpty() || last != TOTAL) {
        return "reader did not see the final version";
      }
      return null;
    }
  }

  /** The script: spawns the register, the reader and the writers on {@link Start}. */
  static Behavior<Command> create() {
    return Behaviors.receive(Command.class)
        .onMessage(Start.class, start -> Behaviors.setup(ctx -> {
          ActorRef<RegisterCommand> register = ctx.spawn(register(ctx.getSelf()), "register");
          ctx.spawn(reader(register, ctx.getSelf()), "reader");
          for (int w = 0; w < WRITERS.length(); w++) {
            ctx.spawn(writer(WRITERS.charAt(w), register), "writer-" + WRITERS.charAt(w));
          }
          return collecting(start.report(), null, null);
        }))
        .build();
  }

  private static Behavior<Command> collecting(ActorRef<Outcome> report, Applied applied, Seen seen) {
    if (applied != null && seen != null) {
      report.tell(new Outcome(applied.updates(), seen.versions()));
      return Behaviors.stopped();
    }
    return Behaviors.receive(Command.class)
        .onMessage(Applied.class, a -> collecting(report, a, seen))
        .onMessage(Seen.class, s -> collecting(report, applied, s))
        .build();
  }

  /** The register's protocol. */
  sealed interface RegisterCommand {}

  /** Update number {@code seq} of writer {@code writer}. */
  record Write(char writer, int seq) implements RegisterCommand {}

  /** Ask for the current version (the number of updates applied). */
  record Read(ActorRef<ReaderCommand> replyTo) implements RegisterCommand {}

  private static Behavior<RegisterCommand> register(ActorRef<Command> script) {
    List<String> history = new ArrayList<>();
    return Behaviors.receive(RegisterCommand.class)
        .onMessage(Write.class, w -> {
          history.add(w.writer() + Integer.toString(w.seq()));
          if (history.size() == TOTAL) {
            script.tell(new Applied(history));
          }
          return Behaviors.same();
        })
        .onMessage(Read.class, r -> {
          r.replyTo().tell(new Version(history.size()));
          return Behaviors.same();
        })
        .build();
  }

  /** The reader's protocol. */
  sealed interface ReaderCommand {}

  /** The register's answer to a {@link Read}. */
  record Version(int version) implements ReaderCommand {}

  private static Behavior<ReaderCommand> reader(ActorRef<RegisterCommand> register, ActorRef<Command> script) {
    return Behaviors.setup(ctx -> {
      List<Integer> seen = new ArrayList<>();
      register.tell(new Read(ctx.getSelf()));
      return Behaviors.receive(ReaderCommand.class)
          .onMessage(Version.class, v -> {
            seen.add(v.version());
            if (v.version() == TOTAL) {
              script.tell(new Seen(seen));
            } else {
              register.tell(new Read(ctx.getSelf()));
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  /** A writer's protocol: its one message to itself between updates. */
  private enum Next { INSTANCE }

  /** Sends one update per {@link Next}; no {@code Next} is left pending after the last update. */
  private static Behavior<Next> writer(char name, ActorRef<RegisterCommand> register) {
    return Behaviors.setup(ctx -> {
      ctx.getSelf().tell(Next.INSTANCE);
      int[] seq = {0};
      return Behaviors.receiveMessage(n -> {
        register.tell(new Write(name, seq[0]));
        seq[0]++;
        if (seq[0] < UPDATES) {
          ctx.getSelf().tell(Next.INSTANCE);
        }
        return Behaviors.same();
      });
    });
  }
}
