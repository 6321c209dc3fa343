"""The Verilog library is lint-clean under `verilator --lint-only -Wall`, for parameter sets that
reach every generate branch (masks, stages, segments, SIMD 1, one fold, one group, baseline tree)."""
from __future__ import annotations

import subprocess

import pytest
import rtl_sim as sim
from rtl_benches import require

CASES = {
    "padded-3x3-lane-mask-affine": dict(MW=144, MH=16, SIMD=48, PE=16, MASK=2, OUT_MODE=2),
    "padded-3x3-fold-mask-threshold": dict(MW=288, MH=32, SIMD=32, PE=16, MASK=1, OUT_MODE=1),
    "shift-mlp-affine": dict(MW=192, MH=64, SIMD=64, PE=16, SEGS=3, MASK=0, OUT_MODE=2),
    "simd1-pe1-int": dict(MW=3, MH=1, SIMD=1, PE=1, MASK=0, OUT_MODE=0),
    "one-fold-one-group": dict(MW=16, MH=16, SIMD=16, PE=16, MASK=0, OUT_MODE=0),
    "odd-lane-mask": dict(MW=39, MH=6, SIMD=13, PE=3, MASK=2, OUT_MODE=1),
}


@pytest.mark.parametrize("case", CASES)
def test_library_lint(case):
    require("verilator")
    params = [f"-G{k}={v}" for k, v in CASES[case].items()]
    cmd = ["verilator", "--lint-only", "-Wall", "--top-module", "bcd_xnor_layer", *params,
           *map(str, sim.library_sources())]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("n", [1, 2, 5, 32, 64, 100])
@pytest.mark.parametrize("tree", [1, 0])
def test_popcount_lint(n, tree):
    require("verilator")
    stages = max(0, (n - 1).bit_length() + 1) // 2
    cmd = ["verilator", "--lint-only", "-Wall", "--top-module", "bcd_popcount", f"-GN={n}", f"-GSTAGES={stages}",
           f"-GTREE={tree}", f"-GMASKED={n % 2}", *map(str, sim.library_sources())]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


UNITS = {  # every stream unit of the contract, parameter sets reaching each generate branch
    "eltwise-affine": ("bcd_eltwise", dict(OP=0, PE=4, NF=2)),
    "eltwise-bias": ("bcd_eltwise", dict(OP=1, PE=2, NF=1)),
    "eltwise-rprelu": ("bcd_eltwise", dict(OP=2, A1=3, BW=20, SH=12, NF=1)),
    "eltwise-rprelu-block-rom": ("bcd_eltwise", dict(OP=2, A1=3, BW=20, SH=12, NF=128)),  # > BCD_LUTRAM_BITS
    "add": ("bcd_add", dict(AA=2, RSH=3)),
    "offset-add": ("bcd_add", dict(OFFSET=1, PIX=64, NF=1)),
    "concat": ("bcd_concat", dict(NA=4, NB=2, RSHA=2, LB=3)),
    "avgpool": ("bcd_pool", dict(K=2, S=2)),
    "maxpool-3x3": ("bcd_pool", dict(MAX=1, K=3, S=2, P=1)),
    "pool-narrow": ("bcd_pool", dict(NF=1, W=1, H=4)),
    "gap": ("bcd_gap", dict(NF=1, PIX=1, R=131072, RSH=17)),
    "window-bits": ("bcd_window", dict(C=32, K=3, S=2, P=1, SIMD=32)),
    "window-stem": ("bcd_window", dict(C=1, EW=16, VALID=0, SIMD=9)),
    "window-1x1": ("bcd_window", dict(C=8, K=1, S=2, P=0, SIMD=4)),
    "window-block-ram": ("bcd_window", dict(C=256, H=32, W=32, SIMD=64)),  # > BCD_LUTRAM_BITS
    "dsp-mvau": ("bcd_dsp_mvau", dict(MW=64, MH=10, SIMD=16, PE=5)),
    "dsp-mvau-grouped": ("bcd_dsp_mvau", dict(MW=16, MH=16, SIMD=4, PE=4, GROUPS=4)),
    "dsp-mvau-serial": ("bcd_dsp_mvau", dict(MW=4, MH=16, SIMD=1, PE=1)),
    "threshold": ("bcd_threshold", dict(PE=8, NF=1, RW=16)),
    "fork": ("bcd_fork", dict(N=3)),
    "convert-split": ("bcd_convert", dict(IN_L=8, OUT_L=2)),
    "convert-join": ("bcd_convert", dict(IN_L=1, OUT_L=32, EW=1)),
    "convert-copy": ("bcd_convert", dict(IN_L=4, OUT_L=4)),
    "fifo": ("bcd_fifo", dict(DEPTH=37)),
    "delay-0": ("bcd_delay", dict(D=0)),
    "gather": ("bcd_gather", dict(SIMD=16)),
    "gather-interleaved": ("bcd_gather", dict(SIMD=48, ILV=1)),
    "gather-serial": ("bcd_gather", dict(SIMD=1, C=4)),
    "context": ("bcd_context", dict(C=32, PIX=64, PE=8, SIMD=4, HID=8, XS=3)),
    "context-wide-simd": ("bcd_context", dict(C=16, PE=2, SIMD=8, AS=5)),
    "context-coprime-lanes": ("bcd_context", dict(C=12, PIX=9, PE=6, SIMD=4, HID=3)),
    "context-one-word-serial-mac": ("bcd_context", dict(C=32, PE=32, SIMD=1)),
    "context-one-pixel-one-pass": ("bcd_context", dict(C=16, PIX=1, PE=16, SIMD=16, HID=1, R=131072, G_RSH=17)),
    # the board tops' units (bcdsim bitstream)
    "skid": ("bcd_skid", dict(W=160)),
    "uart-rx": ("bcd_uart_rx", dict(CLKS_PER_BIT=33)),
    "uart-tx": ("bcd_uart_tx", dict(CLKS_PER_BIT=8)),
    "byte-fifo": ("bcd_byte_fifo", dict(AW=12)),
    "frame-rx": ("bcd_frame_rx", dict(W=256, BYTES=32, WORDS=1024)),
    "frame-rx-one-byte": ("bcd_frame_rx", dict(W=8, BYTES=1, WORDS=1)),
    "result-tx": ("bcd_result_tx", dict(LANES=5, BITS=16, BYTES=10, WORDS=2, CLASSES=10)),
    "result-tx-padded": ("bcd_result_tx", dict(LANES=10, BITS=12, BYTES=15, WORDS=1, CLASSES=9)),
}


@pytest.mark.parametrize("case", UNITS)
def test_unit_lint(case):
    require("verilator")
    top, params = UNITS[case]
    cmd = ["verilator", "--lint-only", "-Wall", "--top-module", top, *(f"-G{k}={v}" for k, v in params.items()),
           *map(str, sim.library_sources())]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
