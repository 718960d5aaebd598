/**
 * The {@code nestsim} command line (picocli). Every command is a {@code Callable<Integer>} that writes
 * through its command's writers (so tests capture them) and returns one of {@link
 * org.nestsim.cli.ExitCodes}; {@link org.nestsim.cli.Main} maps bad arguments to one line and exit 2,
 * and never shows a stack trace for a user's error. Nothing imports this package.
 */
package org.nestsim.cli;
