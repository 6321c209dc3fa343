# Set-up is two commands: `make demo` and `make test` (each creates .venv when needed).
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.bcdsim-installed
TORCH  := torch==2.13.0

.PHONY: setup demo test lint bench clean reports rtlsim-full

setup: $(STAMP)

# Re-runs only when the project's dependencies change. torch is installed first and pinned:
# an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(VENV)/bin/bcdsim analyze
	$(VENV)/bin/bcdsim verify
	$(VENV)/bin/bcdsim generate --out build/hls_demo --force
	$(VENV)/bin/bcdsim csim build/hls_demo

test: setup
	$(VENV)/bin/pytest -q

# The whole-network RTL on every digits test image of both shipped models and bcdnet-a/-b at
# 1x3x32x32 (Verilator; tens of minutes).
rtlsim-full: setup
	nice $(VENV)/bin/pytest -q -m slow rtl_tests/test_network.py

reports: setup
	$(VENV)/bin/bcdsim compare --out reports --force

area: setup
	$(PY) benchmarks/xnor_area.py --calibrate

lint: setup
	$(PY) -m ruff check bcdsim tests rtl_tests benchmarks

bench: setup
	$(PY) benchmarks/analyze_speed.py
	$(PY) benchmarks/cost_speed.py
	$(PY) benchmarks/cost_vs_finn.py
	$(PY) benchmarks/hw_speed.py
	$(PY) benchmarks/hls_csim.py

clean:
	rm -rf $(VENV) build *.egg-info
