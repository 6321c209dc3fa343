"""C++ tests of the HLS kernel library (bcdsim/hlslib/) against bcdsim's numpy hw kernels and the
hardware unit contract (docs/hardware_units.md).

Every case is rendered by the HLS backend's emitters and templates (tests/hls_kernel_cases.py),
all cases of a group are compiled into one test program (tests/hls/kernel_test.cpp, with g++ and
hls4ml's ap_types, -Wall -Wextra -Werror on our headers), run once per module, and each case's
outputs are compared bit for bit (a mismatch names the first differing element by coordinates)
and its counted loop iterations per process with the contract's formulas (bcdsim.design.cycles).
The "bounded" group runs the multi-process kernels in the threaded bounded-FIFO C simulation.
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

from bcdsim.backends.hls.plan import Stream, Unit  # noqa: E402
from bcdsim.ir.dtypes import BIPOLAR, Fixed  # noqa: E402
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
    ("xnor_window_4096_bits", 9, 2048, 3, 2, 2, 3, 1, 1, 2048, 2, "threshold"),  # the widest word Vitis takes
]
XNOR_LANES = {"xnor_odd_stride2_threshold": {0: 8}}  # window input wider than its SIMD (older plans)
SHIFT = [  # name, seed, C, H, W, O, local, global, SIMD, PE
    ("shift_source_major", 11, 16, 4, 4, 16, (1, 1), (2, 2), 16, 4),
    ("shift_interleaved_odd", 12, 8, 5, 3, 8, (1, 1), (2, 1), 6, 8),
    ("shift_7x7_wide", 13, 32, 7, 7, 8, (1, 1), (3, 3), 96, 2),
    ("shift_params_by_output", 14, 12, 3, 4, 6, (1, 1), (1, 2), 4, 3),
]
ELTWISE = [("batchnorm", 16, 5, 3, 4), ("rprelu", 8, 5, 5, 8), ("prelu", 8, 3, 3, 2), ("bias", 6, 2, 3, 3),
           ("scale", 4, 3, 2, 4), ("sign", 12, 3, 3, 4), ("int_threshold", 8, 4, 3, 8), ("add", 16, 3, 3, 4),
           ("offset", 8, 3, 5, 4), ("concat", 8, 3, 3, 4)]
BOUNDED = ("xnor_3x3_affine", "xnor_odd_stride2_threshold", "shift_interleaved_odd", "stem_odd_stride2",
           "conv_3x3_groups", "conv_1x1_older_lanes", "context_with_e", "context_sign_only")


def _cases() -> dict[str, list]:
    xnor = [kc.xnor_case(*c) for c in XNOR] + [kc.shift_case(*c) for c in SHIFT]
    for case in xnor:
        case.lanes = XNOR_LANES.get(case.name, {})
    xnor[-1].attrs = {"params_by_output": True}  # per-output parameters read by PE lanes x 3 branches
    fixed = [
        kc.conv_fixed_case("stem_odd_stride2", 21, 3, 9, 7, 8, 3, 2, 1, 1, 9, 4),
        kc.conv_fixed_case("stem_1ch", 22, 1, 8, 8, 16, 3, 1, 1, 1, 3, 16),
        kc.conv_fixed_case("conv_1x1_groups", 23, 8, 3, 5, 8, 1, 1, 0, 4, 2, 2, bias=False),
        kc.conv_fixed_case("fc", 24, 64, 1, 1, 10, 1, 1, 0, 1, 8, 2, linear=True),
        kc.conv_fixed_case("conv_3x3_groups", 25, 8, 5, 4, 4, 3, 1, 1, 2, 2, 2),
        kc.conv_fixed_case("conv_1x1_older_lanes", 26, 12, 2, 3, 6, 1, 1, 0, 1, 6, 3),
    ]
    fixed[-1].lanes = {0: 3}  # a producer with other lanes than the unit's SIMD: converted inside
    fixed += [kc.elementwise_case(f"eltwise_{kind}", 30 + i, kind, c, h, w, pe)
              for i, (kind, c, h, w, pe) in enumerate(ELTWISE)]
    older = kc.elementwise_case("eltwise_offset_older_lanes", 40, "offset", 8, 3, 5, 4)
    older.lanes = {1: 2}  # offset lanes other than the map's: read before the map
    fixed += [older,
              kc.pool_case("avgpool_2x2", 41, "avg", 8, 6, 6, pe=4),
              kc.pool_case("avgpool_3x3_pad_odd", 42, "avg", 4, 5, 7, 3, 2, 1, pe=2),
              kc.pool_case("maxpool_3x3_stride2", 43, "max", 4, 7, 5, 3, 2, 1, pe=4),
              kc.pool_case("maxpool_3x3_stride3_tail", 44, "max", 2, 7, 8, 3, 3, 0, pe=1),
              kc.pool_case("gap_odd", 45, "gap", 16, 5, 3, pe=8),
              kc.pool_case("gap_one_word", 46, "gap", 8, 3, 3, pe=8),
              kc.context_case("context_with_e", 51, 16, 5, 3, 4, 4, True),
              kc.context_case("context_sign_only", 52, 8, 4, 4, 2, 8, False),
              kc.context_case("context_one_mac", 53, 8, 3, 2, 4, 2, True)]
    fixed[-3].attrs = {"simd": 4}  # MAC lanes of the contextual FCs
    fixed[-2].attrs = {"simd": 2}
    planned = {"xnor": [kc.plan_case(c) for c in xnor], "fixed": [kc.plan_case(c) for c in fixed]}
    return {g: [(c.name, c.unit, kc.expected_values(c)) for c in cases] for g, cases in planned.items()}


def _stream_cases() -> list[tuple[str, Unit, dict[str, np.ndarray], dict[str, np.ndarray]]]:
    """Units without an op of their own: sliding windows, fork, lane converters."""
    rng = np.random.default_rng(60)
    out = []
    fx = Fixed(16, 4)
    for name, c, h, w, k, s, p, il, simd, bits in [("window_bits_odd_stride2", 8, 5, 6, 3, 2, 1, 2, 4, True),
                                                   ("window_bits_whole", 4, 3, 3, 3, 1, 1, 4, 36, True),
                                                   ("window_fixed_pad", 6, 4, 5, 3, 1, 1, 3, 3, False),
                                                   ("window_fixed_two_positions", 3, 5, 4, 3, 2, 1, 3, 9, False)]:
        x = rng.integers(0, 2, (1, c, h, w)) if bits else rng.integers(-2 ** 15, 2 ** 15, (1, c, h, w))
        t = BIPOLAR if bits else fx
        src = Stream("x", t, c, h, w, il)
        win = Stream("y", t, 2 * simd if bits else simd, 1, 1, 2 * simd if bits else simd)
        u = Unit(name, "BcdWindow", [], [win], {"channels": c, "height": h, "width": w, "kernel": k, "stride": s,
                                                "pad": p, "simd": simd}, streams_in=[src])
        out.append((name, u, {"in0": x}, {"out0": _windows(x, k, s, p, simd, bits)}))
    x = rng.integers(-2 ** 15, 2 ** 15, (1, 12, 3, 3))
    bits = (x > 0).astype(np.uint8)
    for name, family, lanes, data, t in [("dup_three", "BcdDup", (4, 4), x, fx),
                                         ("convert_values_4_to_12", "BcdConvert", (4, 12), x, fx),
                                         ("convert_values_6_to_2", "BcdConvert", (6, 2), x, fx),
                                         ("convert_values_4_to_6_older", "BcdConvert", (4, 6), x, fx),
                                         ("convert_bits_12_to_4", "BcdConvert", (12, 4), bits, BIPOLAR),
                                         ("convert_bits_2_to_6", "BcdConvert", (2, 6), bits, BIPOLAR)]:
        src = Stream("x", t, 12, 3, 3, lanes[0])
        n_out = 3 if family == "BcdDup" else 1
        outs = [Stream(f"y{i}", t, 12, 3, 3, lanes[1]) for i in range(n_out)]
        attrs = {"words": 27} if family == "BcdDup" else {"channels": 12, "pixels": 9, "bits": t is BIPOLAR}
        u = Unit(name, family, [], outs, attrs, streams_in=[src])
        out.append((name, u, {"in0": data}, {f"out{i}": data for i in range(n_out)}))
    return out


def _windows(x, k, s, p, simd, bits: bool) -> np.ndarray:
    """The sliding window's words: (ky, kx, c) order, zero values (and zero valid bits) over the
    padding."""
    n, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    valid = np.pad(np.ones_like(x), ((0, 0), (0, 0), (p, p), (p, p)))
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    words = []
    for oy in range(oh):
        for ox in range(ow):
            win = padded[0, :, oy * s:oy * s + k, ox * s:ox * s + k].transpose(1, 2, 0).reshape(-1)
            val = valid[0, :, oy * s:oy * s + k, ox * s:ox * s + k].transpose(1, 2, 0).reshape(-1)
            for t in range(len(win) // simd):
                words += [win[t * simd:(t + 1) * simd]] + ([val[t * simd:(t + 1) * simd]] if bits else [])
    return np.concatenate(words)


def _compile(build: Path, extra: list[str], source: Path = HLS_TESTS / "kernel_test.cpp",
             out: str = "kernel_test") -> subprocess.Popen:
    cmd = ["g++", "-std=c++14", "-O0", "-Wall", "-Wextra", "-Werror", "-Wno-unknown-pragmas", "-Wno-unused-label",
           "-Wno-maybe-uninitialized", "-Wno-uninitialized", "-isystem", str(VIVADO / "ap_types"),
           "-isystem", str(VIVADO / "nnet_utils"), "-I", str(hls_library()), "-I", str(HLS_TESTS),
           "-I", str(build), *extra, str(source), "-o", str(build / out)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _write_inputs(case_dir: Path, arrays: dict[str, np.ndarray]) -> None:
    case_dir.mkdir(parents=True, exist_ok=True)
    for key, a in arrays.items():
        (case_dir / f"{key}.txt").write_text(" ".join(map(str, kc.stream_order(a).tolist())) + "\n")


def _expected_cycles(unit: Unit) -> dict[str, int]:
    if unit.family == "BcdConvert" and unit.streams_in[0].lanes % unit.outputs[0].lanes \
            and unit.outputs[0].lanes % unit.streams_in[0].lanes:
        # lanes no multiple of one another (the design splits them through the gcd): an older plan's
        # converter buffers a pixel, one read or one write per iteration
        a = unit.attrs
        return {unit.name: a["pixels"] * (a["channels"] // unit.streams_in[0].lanes
                                          + a["channels"] // unit.outputs[0].lanes)}
    return kc.expected_cycles(unit)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[tuple[str, str], tuple[dict, dict, dict, dict]]:
    """(group, case) -> (expected outputs, outputs, expected cycles, counted cycles)."""
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    root = tmp_path_factory.mktemp("hls_kernels")
    groups = _cases()
    groups["xnor"] += [(name, u, (ins, outs)) for name, u, ins, outs in _stream_cases()]
    groups["xnor_bitwise_popcount"] = groups["xnor"][:2]  # the synthesizable popcount, in C++
    every = {name: case for cases in groups.values() for name, *case in cases}
    groups["bounded"] = [(name, *every[name]) for name in BOUNDED]
    flags = {"xnor_bitwise_popcount": ["-DBCD_BITWISE_POPCOUNT"], "bounded": ["-DBCD_BOUNDED_FIFOS", "-pthread"]}
    builds, expected = {}, {}
    for group, cases in groups.items():
        build = root / group
        build.mkdir()
        code, calls = [], []
        for i, (name, unit, (ins, outs)) in enumerate(cases):
            code.append(kc.cpp_unit(name, unit, i))
            calls.append(f'    bcdtest::run_case(root + "/{name}", {name}::run);')
            _write_inputs(build / name, ins)
            expected[(group, name)] = (outs, _expected_cycles(unit))
        (build / "cases.inc").write_text("\n".join(code) + "\nstatic void run_all(const std::string &root) {\n"
                                         + "\n".join(calls) + "\n}\n")
        builds[group] = (build, _compile(build, flags.get(group, [])))
    for group, (build, proc) in builds.items():
        log = proc.communicate()[0]
        assert proc.returncode == 0, f"{group}: compilation failed:\n{log[-4000:]}"
        run = subprocess.run([str(build / "kernel_test"), str(build)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0 and not run.stderr, f"{group}: {run.stderr[-2000:]}"
    got = {}
    for (group, name), (outs, cycles) in expected.items():
        case_dir = builds[group][0] / name
        values = {k: np.array((case_dir / f"{k}.txt").read_text().split(), dtype=np.int64) for k in outs}
        got[(group, name)] = (outs, values, cycles, json.loads((case_dir / "cycles.json").read_text()))
    return got


def _names() -> list[tuple[str, str]]:
    names = [("xnor", c[0]) for c in XNOR + SHIFT]
    names += [("xnor", n) for n in ("window_bits_odd_stride2", "window_bits_whole", "window_fixed_pad",
                                    "window_fixed_two_positions", "dup_three", "convert_values_4_to_12",
                                    "convert_values_6_to_2", "convert_values_4_to_6_older", "convert_bits_12_to_4",
                                    "convert_bits_2_to_6")]
    names += [("xnor_bitwise_popcount", c[0]) for c in XNOR[:2]]
    names += [("fixed", n) for n in ("stem_odd_stride2", "stem_1ch", "conv_1x1_groups", "fc", "conv_3x3_groups",
                                     "conv_1x1_older_lanes")]
    names += [("fixed", f"eltwise_{e[0]}") for e in ELTWISE] + [("fixed", "eltwise_offset_older_lanes")]
    names += [("fixed", n) for n in ("avgpool_2x2", "avgpool_3x3_pad_odd", "maxpool_3x3_stride2",
                                     "maxpool_3x3_stride3_tail", "gap_odd", "gap_one_word", "context_with_e",
                                     "context_sign_only", "context_one_mac")]
    return names + [("bounded", n) for n in BOUNDED]


NAMES = _names()


@pytest.mark.parametrize("group,name", NAMES, ids=[f"{g}-{n}" for g, n in NAMES])
def test_kernel_matches_hw_mode(results, group, name):
    expected, got, _, _ = results[(group, name)]
    for key, want in expected.items():
        flat = kc.stream_order(want).astype(np.int64)
        have = got[key]
        assert have.size == flat.size, f"{name} {key}: {have.size} values, expected {flat.size}"
        bad = np.flatnonzero(have != flat)
        if bad.size:
            coords = np.unravel_index(bad[0], _stream_shape(want))
            pytest.fail(f"{name} {key}: {bad.size} of {flat.size} differ; first at {tuple(int(c) for c in coords)} "
                        f"(stream order H, W, C): got {have[bad[0]]}, expected {flat[bad[0]]}")


@pytest.mark.parametrize("group,name", NAMES, ids=[f"{g}-{n}" for g, n in NAMES])
def test_kernel_cycles_match_contract(results, group, name):
    """Every process counted exactly the iterations per frame of docs/hardware_units.md §4."""
    _, _, want, counted = results[(group, name)]
    assert set(counted) == set(want), f"{name}: processes {sorted(counted)}, expected {sorted(want)}"
    for process, cycles in want.items():
        c = counted[process]
        assert c["frames"] == 1 and c["total"] == cycles, f"{name}: {process} counted {c}, contract {cycles}"


def _stream_shape(a: np.ndarray) -> tuple[int, ...]:
    return (a.shape[0], a.shape[2], a.shape[3], a.shape[1]) if a.ndim == 4 else a.shape


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

REFUSALS = {  # name -> (code, the static_assert's message)
    "window_word_over_4096_bits": (
        "#include \"bcd_window.h\"\n"
        "struct W { static const unsigned channels = 2050, height = 2, width = 2, kernel = 1, stride = 2, pad = 0,"
        " in_lanes = 2050, simd = 2050, groups = 1; static const char *name() { return \"w\"; } };\n"
        "void f(hls::stream<nnet::array<ap_uint<2050>, 1>> &i, hls::stream<nnet::array<ap_uint<4100>, 1>> &o)"
        " { bcd::window<W, bcd::bit_t>(i, o); }\n",
        "a stream word is wider than 4096 bits"),
    "ap_int_over_1024_bits_without_ap_int_max_w": (
        "#include \"ap_int.h\"\n#include \"bcd_window.h\"\n"
        "struct W { static const unsigned channels = 600, height = 3, width = 3, kernel = 3, stride = 1, pad = 1,"
        " in_lanes = 600, simd = 600, groups = 1; static const char *name() { return \"w\"; } };\n"
        "void f(hls::stream<nnet::array<ap_uint<600>, 1>> &i, hls::stream<nnet::array<ap_uint<1200>, 1>> &o)"
        " { bcd::window<W, bcd::bit_t>(i, o); }\n",
        "define AP_INT_MAX_W 4096 before the first ap_int include"),
    "pool_with_two_windows_ending_together": (
        "#include \"bcd_pool.h\"\n"
        "struct P { static const unsigned channels = 4, height = 5, width = 7, kernel = 3, stride = 1, pad = 1,"
        " lanes = 2, recip_mantissa = 1; static const int recip_frac = 0; typedef ap_fixed<16, 5> in_t;"
        " typedef in_t out_t; typedef in_t sum_t; static const char *name() { return \"p\"; } };\n"
        "void f(hls::stream<nnet::array<P::in_t, 2>> &i, hls::stream<nnet::array<P::in_t, 2>> &o)"
        " { bcd::pool<P, true>(i, o); }\n",
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
