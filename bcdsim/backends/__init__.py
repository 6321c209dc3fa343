"""Code generators that read the IR: one subpackage per backend (DESIGN.md §2)."""
