"""Hardware semantics: passes to the accelerator's graph, fixed-point types, and hw mode (the
golden model every generated design is checked against)."""
