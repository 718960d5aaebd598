/**
 * Traces, the trace hash and what replay needs, as plain Java (no Pekko; only {@code hcall}, {@code
 * java.*} and Jackson, which {@code ArchitectureTest} enforces).
 *
 * <p>Every hcall of the L1 and its answer, every exit, injection, L2 hcall served, console write,
 * lifecycle step and fault is a {@link org.nestsim.trace.TraceEvent}, a record per type. A trace file is
 * JSON Lines: one {@link org.nestsim.trace.TraceHeader} line, then one canonical line per event, each
 * ended by {@code '\n'}. The trace hash ({@link org.nestsim.trace.TraceHash}) is SHA-256 over the event
 * lines only, each line's UTF-8 bytes followed by {@code '\n'}; it is printed as {@code trace-hash:
 * sha256:…}. {@link org.nestsim.trace.TraceWriter} writes and hashes, {@link
 * org.nestsim.trace.TraceReader} reads strictly (errors as {@code FILE:LINE: reason}), and {@link
 * org.nestsim.trace.TraceDiff} finds the first event where a re-run departs from a recording.
 *
 * <p><b>Canonical event lines.</b> The hash depends on every byte, so the encoding is fixed:
 *
 * <ul>
 *   <li>one JSON object, no spaces, no trailing newline in {@code canonical()};
 *   <li>first key {@code "t"} (simulated L1 time, decimal), then {@code "e"}, the event type: {@code
 *       hcall}, {@code exit}, {@code inject}, {@code l2hcall}, {@code console}, {@code life};
 *   <li>then the record's other components, named as in the record and in its declaration order;
 *   <li>64-bit register values and patterns (opcodes, R4–R8 in and R4–R5 out, exit vectors) are
 *       strings {@code "0x…"}: lowercase hex, no leading zeros ({@code "0x0"} for zero), the two's
 *       complement pattern for negative values — so no JSON tool rounds them to a double;
 *   <li>ids, counts and return codes ({@code rc}, signed, as PAPR lists them) are decimal numbers;
 *   <li>strings are JSON strings: {@code "} and {@code \} are escaped with a backslash, control
 *       characters (U+0000–U+001F, U+007F–U+009F) and unpaired surrogates as a six-character
 *       backslash-u escape with four lowercase hex digits, everything else (non-ASCII included) as
 *       itself in UTF-8; a null string is {@code null}.
 * </ul>
 *
 * <p>Example: {@code {"t":0,"e":"hcall","cpu":"setup","opcode":"0x470","r4":"0x0","r5":"0x0","r6":"0x0",
 * "r7":"0x0","r8":"0x0","rc":0,"out4":"0x1","out5":"0x0"}} (one line). {@code TraceEventGoldenTest}
 * pins one line per type; changing the encoding changes every recorded hash.
 */
package org.nestsim.trace;
