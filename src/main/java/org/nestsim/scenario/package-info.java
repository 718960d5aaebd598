/**
 * Scenario files (../shared/spec/scenario-format.md): the checked model of one file ({@link
 * org.nestsim.scenario.Scenario} and the records it holds) and its loader ({@link
 * org.nestsim.scenario.ScenarioLoader}), which reads the YAML with Jackson's streaming parser into a tree
 * that keeps every line and column, interprets every key with its default, assembles programs at load
 * time, and reports all problems of a file at once as {@code FILE:LINE:COL: message} ({@link
 * org.nestsim.scenario.ScenarioException}). Uses the plain-Java packages and {@code l0}'s profile; never
 * the command line.
 */
package org.nestsim.scenario;
