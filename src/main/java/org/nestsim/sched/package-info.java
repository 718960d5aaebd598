/**
 * Simulated time and determinism: the simulated clock and the deterministic dispatcher.
 *
 * <p>{@link org.nestsim.sched.SimClock} is the one simulated L1 timebase in quanta, with an {@link
 * org.nestsim.sched.EventQueue} ordered by (time, kind, guest, vCPU, serial) and the idle jump to the next
 * event or deadline; it is plain Java, driven by the actors.
 *
 * <p>{@link org.nestsim.sched.DeterministicExecutor} runs one task (one actor mailbox turn) at a time on
 * one worker thread and picks the next ready task with a {@link java.util.SplittableRandom} seeded from
 * the run's seed; {@link org.nestsim.sched.DeterministicDispatcherConfigurator} plugs it into Pekko as
 * the {@code executor} of a dispatcher ({@code nestsim.deterministic-dispatcher} in
 * {@code config/application.conf}). Tasks from other threads are held back until the executor is quiet,
 * and each burst of work starts from a freshly seeded generator, so a run that starts with one bootstrap
 * message ({@link org.nestsim.sched.DeterministicExecutor#startRun(long, Runnable)}) and reports its end
 * by a message gives the same order of messages for the same seed. The model must not use Pekko timers,
 * the scheduler, or {@code ask} with timeouts; {@code mode: parallel} uses the hand-off dispatcher and
 * makes no such promise. See docs/ARCHITECTURE.md, "Deterministic dispatcher".
 */
package org.nestsim.sched;
