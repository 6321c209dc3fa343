"""C++ tests of the HLS kernel library (bcdsim/hlslib/) against bcdsim's numpy hw kernels and the
hardware unit contract (docs/hardware_units.md).

Every case is a small design (tests/hls_kernel_cases.py) planned and rendered by the HLS backend
itself; all cases of a group are compiled into one test program (tests/hls/kernel_test.cpp, with
g++ and hls4ml's ap_types, -Wall -Wextra -Werror on our headers), run once per module, and each
case's output is compared bit for bit (a mismatch names the first differing element by
coordinates) and every unit's counted loop iterations per frame with the contract's formulas
(bcdsim.design.cycles). The "bounded" group runs multi-process cases in the threaded
bounded-FIFO C simulation at the design's FIFO depths.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

hls4ml = pytest.importorskip("hls4ml")

import hls_kernel_cases as kc  # noqa: E402

from bcdsim.backends.hls import plan  # noqa: E402
from bcdsim.libraries import hls_library  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VIVADO = Path(hls4ml.__file__).parent / "templates" / "vivado"
HLS_TESTS = ROOT / "tests" / "hls"

XNOR = [  # name, seed, C, H, W, O, K, S, P, SIMD, PE, stage
    ("xnor_3x3_affine", 1, 16, 8, 8, 16, 3, 1, 1, 16, 4, "affine"),
    ("xnor_odd_stride2_threshold", 2, 8, 5, 7, 12, 3, 2, 1, 4, 3, "threshold"),
    ("xnor_whole_window_identity", 3, 4, 7, 5, 8, 3, 1, 1, 36, 8, "identity"),
    ("xnor_three_positions", 4, 8, 6, 6, 8, 3, 2, 1, 24, 2, "affine"),
    ("xnor_1x1_affine", 5, 32, 3, 3, 16, 1, 1, 0, 8, 4, "affine"),
    ("xnor_1x1_stride2_threshold", 6, 16, 5, 4, 8, 1, 2, 0, 16, 8, "threshold"),
    ("xnor_5x5_pad2", 7, 4, 6, 5, 4, 5, 1, 2, 20, 1, "affine"),
    ("xnor_wide_simd", 8, 64, 3, 3, 4, 3, 1, 1, 192, 2, "affine"),
    ("xnor_map_smaller_than_window", 9, 8, 2, 3, 4, 3, 2, 1, 8, 2, "affine"),
    ("xnor_window_4096_bits", 10, 2048, 3, 2, 2, 3, 1, 1, 2048, 2, "threshold"),  # the widest word Vitis takes
]
SHIFT = [  # name, seed, C, H, W, O, local, global, SIMD, PE
    ("shift_source_major", 11, 16, 4, 4, 16, (1, 1), (2, 2), 4, 4),
    ("shift_odd_map", 12, 8, 5, 3, 8, (1, 1), (2, 1), 2, 8),
    ("shift_7x7", 13, 32, 7, 7, 8, (1, 1), (3, 3), 8, 2),
]
TILE = [  # the tile schedule (weights from DDR): windowed, 1x1, parallel window, shift-MLP
    kc.xnor_case("tile_3x3_affine", 61, 8, 5, 6, 8, 3, 1, 1, 4, 2, "affine", ddr=frozenset({"pop"})),
    kc.xnor_case("tile_1x1_threshold", 62, 16, 3, 4, 8, 1, 1, 0, 8, 4, "threshold", ddr=frozenset({"pop"})),
    kc.xnor_case("tile_two_positions_stride2", 63, 4, 6, 5, 4, 3, 2, 1, 12, 2, "identity", ddr=frozenset({"pop"})),
    kc.shift_case("tile_shift", 64, 16, 4, 3, 8, (1, 1), (2, 1), 4, 2, ddr=frozenset({"pop"})),
]
ELTWISE = [("batchnorm", 16, 5, 3, 4), ("rprelu", 8, 5, 5, 8), ("prelu", 8, 3, 3, 2), ("bias", 6, 2, 3, 3),
           ("scale", 4, 3, 2, 4), ("sign", 12, 3, 3, 4), ("int_threshold", 8, 4, 3, 8), ("add", 16, 3, 3, 4),
           ("concat", 8, 3, 3, 4), ("leaky_relu", 8, 3, 4, 4)]
BOUNDED = ("xnor_3x3_affine", "xnor_odd_stride2_threshold", "shift_odd_map", "tile_3x3_affine", "tile_shift",
           "stem_odd_stride2", "conv_3x3_groups", "context_with_offsets", "context_sign_only", "fc_weights_in_ddr",
           "add_shortcut_in_ddr", "xnor_weights_in_uram")


def _cases() -> dict[str, list[kc.Case]]:
    xnor = [kc.xnor_case(*c) for c in XNOR] + [kc.shift_case(*c) for c in SHIFT] + list(TILE)
    xnor.append(kc.xnor_case("xnor_weights_in_uram", 65, 8, 4, 4, 8, 3, 1, 1, 8, 4, "affine", uram=("pop",)))
    fixed = [
        kc.conv_fixed_case("stem_odd_stride2", 21, 3, 9, 7, 8, 3, 2, 1, 1, 9, 4),
        kc.conv_fixed_case("stem_1ch", 22, 1, 8, 8, 16, 3, 1, 1, 1, 3, 16),
        kc.conv_fixed_case("conv_1x1_groups", 23, 8, 3, 5, 8, 1, 1, 0, 4, 2, 2, bias=False),
        kc.conv_fixed_case("fc", 24, 64, 1, 1, 10, 1, 1, 0, 1, 8, 2, linear=True),
        kc.conv_fixed_case("fc_weights_in_ddr", 25, 32, 1, 1, 6, 1, 1, 0, 1, 4, 3, linear=True,
                           ddr=frozenset({"y"})),
        kc.conv_fixed_case("conv_3x3_groups", 26, 8, 5, 4, 4, 3, 1, 1, 2, 2, 2),
    ]
    fixed += [kc.elementwise_case(f"eltwise_{kind}", 30 + i, kind, c, h, w, pe)
              for i, (kind, c, h, w, pe) in enumerate(ELTWISE)]
    fixed.append(kc.elementwise_case("add_shortcut_in_ddr", 40, "add", 8, 3, 5, 4, ddr_fifos=("b",)))
    fixed += [kc.pool_case("avgpool_2x2", 41, "avg", 8, 6, 6, pe=4),
              kc.pool_case("avgpool_3x3_pad_odd", 42, "avg", 4, 5, 7, 3, 2, 1, pe=2),
              kc.pool_case("maxpool_3x3_stride2", 43, "max", 4, 7, 5, 3, 2, 1, pe=4),
              kc.pool_case("maxpool_3x3_stride3_tail", 44, "max", 2, 7, 8, 3, 3, 0, pe=1),
              kc.pool_case("gap_odd", 45, "gap", 16, 5, 3, pe=8),
              kc.pool_case("gap_one_word", 46, "gap", 8, 3, 3, pe=8),
              kc.context_case("context_with_offsets", 51, 16, 5, 3, 4, 4, 4, True),
              kc.context_case("context_sign_only", 52, 8, 4, 4, 2, 8, 2, False),
              kc.context_case("context_one_mac", 53, 8, 3, 2, 4, 2, 1, True)]
    return {"xnor": xnor, "fixed": fixed}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[tuple[str, str], tuple]:
    """(group, case) -> (case, output, counted cycles)."""
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    root = tmp_path_factory.mktemp("hls_kernels")
    groups = {g: [kc.plan_case(c) for c in cases] for g, cases in _cases().items()}
    every = {c.name: c for cases in groups.values() for c in cases}
    groups["xnor_bitwise_popcount"] = groups["xnor"][:2]  # the synthesizable popcount, in C++
    groups["bounded"] = [every[name] for name in BOUNDED]
    flags = {"xnor_bitwise_popcount": ["-DBCD_BITWISE_POPCOUNT"], "bounded": ["-DBCD_BOUNDED_FIFOS", "-pthread"]}
    builds = {}
    for group, cases in groups.items():
        build = root / group
        build.mkdir()
        for case in cases:
            (build / case.name).mkdir()
            (build / case.name / "in0.txt").write_text(" ".join(map(str, kc.stream_order(case.x).tolist())) + "\n")
            if plan.uses_ddr(case.layers):
                (build / case.name / "ddr.bin").write_bytes(plan.ddr_image(case.layers))
        calls = "\n".join(f'    bcdtest::run_case(root + "/{c.name}", {c.name}::run);' for c in cases)
        (build / "cases.inc").write_text("\n".join(kc.cpp_case(c) for c in cases)
                                         + "\nstatic void run_all(const std::string &root) {\n" + calls + "\n}\n")
        builds[group] = (build, _compile(build, flags.get(group, [])))
    got = {}
    for group, (build, proc) in builds.items():
        log = proc.communicate()[0]
        assert proc.returncode == 0, f"{group}: compilation failed:\n{log[-4000:]}"
        run = subprocess.run([str(build / "kernel_test"), str(build)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0 and not run.stderr, f"{group}: {run.stderr[-2000:]}"
        for case in groups[group]:
            out = np.array((build / case.name / "out0.txt").read_text().split(), dtype=np.int64)
            got[(group, case.name)] = (case, out, json.loads((build / case.name / "cycles.json").read_text()))
    return got


def _compile(build: Path, extra: list[str], source: Path = HLS_TESTS / "kernel_test.cpp",
             out: str = "kernel_test") -> subprocess.Popen:
    cmd = ["g++", "-std=c++14", "-O0", "-Wall", "-Wextra", "-Werror", "-Wno-unknown-pragmas", "-Wno-unused-label",
           "-Wno-maybe-uninitialized", "-Wno-uninitialized", "-isystem", str(VIVADO / "ap_types"),
           "-isystem", str(VIVADO / "nnet_utils"), "-I", str(hls_library()), "-I", str(HLS_TESTS),
           "-I", str(build), *extra, str(source), "-o", str(build / out)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _names() -> list[tuple[str, str]]:
    cases = _cases()
    names = [("xnor", c.name) for c in cases["xnor"]] + [("fixed", c.name) for c in cases["fixed"]]
    names += [("xnor_bitwise_popcount", c[0]) for c in XNOR[:2]]
    return names + [("bounded", n) for n in BOUNDED]


NAMES = _names()


@pytest.mark.parametrize("group,name", NAMES, ids=[f"{g}-{n}" for g, n in NAMES])
def test_kernel_matches_hw_mode(results, group, name):
    case, have, _ = results[(group, name)]
    want = kc.expected(case)
    flat = kc.stream_order(want).astype(np.int64)
    assert have.size == flat.size, f"{name}: {have.size} values, expected {flat.size}"
    bad = np.flatnonzero(have != flat)
    if bad.size:
        shape = (want.shape[0], want.shape[2], want.shape[3], want.shape[1]) if want.ndim == 4 else want.shape
        coords = np.unravel_index(bad[0], shape)
        pytest.fail(f"{name}: {bad.size} of {flat.size} differ; first at {tuple(int(c) for c in coords)} "
                    f"(stream order H, W, C): got {have[bad[0]]}, expected {flat[bad[0]]}")


@pytest.mark.parametrize("group,name", NAMES, ids=[f"{g}-{n}" for g, n in NAMES])
def test_kernel_cycles_match_contract(results, group, name):
    """Every unit counted exactly the iterations per frame of docs/hardware_units.md §4; the
    processes no unit has (DDR streamers, start-up loads, DDR FIFO sides) are named after one."""
    case, _, counted = results[(group, name)]
    want = kc.expected_cycles(case)
    missing = sorted(set(want) - set(counted))
    assert not missing, f"{name}: no counter for {missing}"
    for unit, cycles in want.items():
        c = counted[unit]
        assert c["frames"] == 1 and c["total"] == cycles, f"{name}: {unit} counted {c}, contract {cycles}"
    extra = set(counted) - set(want)
    assert all(re.search(r"__ddr|__load", n) for n in extra), f"{name}: unexpected processes {sorted(extra)}"


def test_tile_cases_exercise_the_tile_schedule():
    """The TILE cases really run frame_in/frame_replay (or a replaying gather) and frame_out."""
    for case in TILE:
        kinds = {u.kind for u in kc.plan_case(case).design.units}
        assert "frame_out" in kinds and ({"frame_replay"} <= kinds or {"gather_out"} <= kinds), case.name


def test_every_pipelined_loop_counts_its_iterations():
    """A pipelined loop without BCD_COUNT() would run cycles the counter never sees."""
    for header in sorted(hls_library().glob("bcd_*.h")):
        text = header.read_text()
        loops = len(re.findall(r"#pragma HLS PIPELINE", text))
        counted = len(re.findall(r"#pragma HLS PIPELINE[^\n]*\n\s*BCD_COUNT\(\);", text))
        assert loops == counted, f"{header.name}: {loops - counted} pipelined loop(s) without BCD_COUNT()"


# --- bounded-FIFO C simulation (hlslib/bcd_fifo.h) ------------------------------------------------

BOUNDED_FLAGS = ["-DBCD_BOUNDED_FIFOS", "-pthread", "-include", str(hls_library() / "bcd_fifo.h")]


@pytest.fixture(scope="module")
def fifo_test(tmp_path_factory) -> Path:
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    build = tmp_path_factory.mktemp("fifo")
    proc = _compile(build, BOUNDED_FLAGS, HLS_TESTS / "fifo_test.cpp", "fifo_test")
    log = proc.communicate()[0]
    assert proc.returncode == 0, f"compilation failed:\n{log[-4000:]}"
    return build / "fifo_test"


def _fifo_run(exe: Path, shortcut_depth: int, *args: str) -> subprocess.CompletedProcess:
    depths = exe.parent / f"depths_{shortcut_depth}.txt"
    depths.write_text(f"shortcut {shortcut_depth}\n")
    env = {"PATH": "/usr/bin:/bin", "BCD_FIFO_DEPTHS": str(depths)}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=60, env=env)


def test_bounded_fifos_shortcut_deep_enough_completes(fifo_test):
    # the delay holds 6 words; the fork writes the branch first, so the shortcut needs 5
    run = _fifo_run(fifo_test, 5, "fork", "6", "40")
    assert run.returncode == 0 and run.stdout.strip() == "ok" and not run.stderr, run.stderr


def test_bounded_fifos_shortcut_one_too_shallow_deadlocks_naming_the_streams(fifo_test):
    run = _fifo_run(fifo_test, 4, "fork", "6", "40")
    assert run.returncode == 3, (run.returncode, run.stdout, run.stderr)
    assert run.stderr == ("bcdsim: error: dataflow deadlock (every process blocked): full FIFOs: shortcut (depth 4); "
                          "empty FIFOs: branch, delayed\n")
    assert "ok" not in run.stdout


def test_bounded_fifos_input_written_before_the_dataflow_deadlocks(fifo_test):
    """The root thread writing a whole input into a shallow FIFO before any process runs."""
    run = _fifo_run(fifo_test, 2, "root")
    assert run.returncode == 3 and "not reached" not in run.stdout
    assert run.stderr.strip() == ("bcdsim: error: dataflow deadlock (every process blocked): "
                                  "full FIFOs: input_fifo (depth 2); empty FIFOs: none")


# --- compile-time refusals ------------------------------------------------------------------------

_WINDOW = ("struct W {{ static const unsigned channels = {c}, height = {h}, width = 2, kernel = {k}, stride = {s}, "
           "pad = {p}, in_lanes = {c}, simd = {c}, groups = 1; static const char *name() {{ return \"w\"; }} }};\n"
           "void f(hls::stream<nnet::array<ap_uint<{c}>, 1>> &i, hls::stream<nnet::array<ap_uint<{w}>, 1>> &o) "
           "{{ static ap_uint<{c}> lines[{slots}][2][1]; bcd::window<W, bcd::bit_t>(i, o, lines); }}\n")
REFUSALS = {  # name -> (code, the static_assert's message)
    "window_word_over_4096_bits": (
        "#include \"bcd_window.h\"\n" + _WINDOW.format(c=2050, h=2, k=1, s=2, p=0, w=4100, slots=2),
        "a stream word is wider than 4096 bits"),
    "ap_int_over_1024_bits_without_ap_int_max_w": (
        "#include \"ap_int.h\"\n#include \"bcd_window.h\"\n" + _WINDOW.format(c=600, h=3, k=3, s=1, p=1, w=1200,
                                                                                 slots=3),
        "define AP_INT_MAX_W 4096 before the first ap_int include"),
    "pool_with_two_windows_ending_together": (
        "#include \"bcd_pool.h\"\n"
        "struct P { static const unsigned channels = 4, height = 5, width = 7, kernel = 3, stride = 1, pad = 1,"
        " lanes = 2, recip_mantissa = 1; static const int recip_frac = 0; typedef ap_fixed<16, 5> in_t;"
        " typedef in_t out_t; typedef in_t sum_t; static const char *name() { return \"p\"; } };\n"
        "void f(hls::stream<nnet::array<P::in_t, 2>> &i, hls::stream<nnet::array<P::in_t, 2>> &o)"
        " { static P::in_t lines[3][7][4]; bcd::pool<P, true>(i, o, lines); }\n",
        "two output rows end at the same input row"),
}


def test_kernels_refuse_what_vitis_or_the_contract_cannot_take(tmp_path):
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    procs = {}
    for name, (code, _) in REFUSALS.items():
        src = tmp_path / f"{name}.cpp"
        src.write_text(code)
        procs[name] = subprocess.Popen(
            ["g++", "-std=c++14", "-fsyntax-only", "-isystem", str(VIVADO / "ap_types"), "-isystem",
             str(VIVADO / "nnet_utils"), "-I", str(hls_library()), str(src)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for name, proc in procs.items():
        log = proc.communicate()[0]
        assert proc.returncode != 0 and REFUSALS[name][1] in log, f"{name}: not refused as expected:\n{log[-2000:]}"
