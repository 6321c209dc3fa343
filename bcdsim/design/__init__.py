"""The one hardware design (DESIGN.md §2): units, folding, streams, memory placement and FIFO
depths, built once from the typed hardware graph; the cost model prices it, the HLS and RTL
backends emit it. The unit contract is docs/hardware_units.md."""
