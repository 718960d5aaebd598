package org.nestsim.scenario;

import java.util.List;

/**
 * The Guest State Buffer of an hcall step: element values to send ({@code gsb: { NIA: 0x100 }}), element
 * IDs to ask for ({@code gsb: [GPR3, NIA]}), or raw bytes for deliberately malformed buffers
 * ({@code gsb-hex}). Read-only or wrong-scope elements are not rejected: scripts send them on purpose.
 */
public sealed interface GsbSpec {
  /** Elements with values, in file order, for SET-like steps. */
  record Values(List<ElementValue> elements) implements GsbSpec {
    public Values {
      elements = List.copyOf(elements);
    }
  }

  /** Element IDs, in file order, for {@code H_GUEST_GET_STATE}; an ID need not be in the catalog. */
  record Ids(List<Integer> ids) implements GsbSpec {
    public Ids {
      ids = List.copyOf(ids);
    }
  }

  /** The exact buffer bytes ({@code gsb-hex}, whitespace ignored). The accessor returns a copy. */
  record Hex(byte[] bytes) implements GsbSpec {
    public Hex {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }
}
