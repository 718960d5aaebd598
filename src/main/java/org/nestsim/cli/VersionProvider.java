package org.nestsim.cli;

import org.nestsim.scenario.RunSession;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest ({@code dev} when run from classes). */
public final class VersionProvider implements IVersionProvider {
  /** NestSim's version, as recorded in trace headers. */
  public static String version() {
    return RunSession.version();
  }

  @Override
  public String[] getVersion() {
    return new String[] {"nestsim " + version()};
  }
}
