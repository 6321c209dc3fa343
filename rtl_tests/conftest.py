"""RTL benches (cocotb under pytest): helpers live in rtl_benches.py / rtl_sim.py, imported by
the test modules (this directory is on sys.path); module names are prefixed so that they never
clash with tests/ when both directories run in one session."""
