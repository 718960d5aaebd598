package org.nestsim.scenario;

/**
 * Where something was written in a scenario file: the file as the caller named it, and the 1-based line
 * and column of the key or value. Problems are reported as {@code toString() + ": " + message}, the
 * GNU {@code file:line:col} form that editors jump to.
 */
public record Location(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
