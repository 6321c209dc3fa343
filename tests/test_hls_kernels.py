"""C++ tests of the HLS kernel library (bcdsim/hlslib/) against bcdsim's numpy hw kernels.

Every case is rendered by the HLS backend's emitters and templates (tests/hls_kernel_cases.py),
all cases of a group are compiled into one test program (tests/hls/kernel_test.cpp, with g++ and
hls4ml's ap_types, -Wall -Wextra -Werror on our headers), run once per module, and each case's
outputs are compared bit for bit; a mismatch names the first differing element by coordinates.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

hls4ml = pytest.importorskip("hls4ml")

import hls_kernel_cases as kc  # noqa: E402

from bcdsim.backends.hls.plan import Stream, Unit  # noqa: E402
from bcdsim.backends.hls.templates import SWU  # noqa: E402
from bcdsim.ir.dtypes import BIPOLAR, Fixed  # noqa: E402
from bcdsim.libraries import hls_library  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VIVADO = Path(hls4ml.__file__).parent / "templates" / "vivado"

XNOR = [  # name, seed, C, H, W, O, K, S, P, SIMD, PE, stage
    ("xnor_3x3_affine", 1, 16, 8, 8, 16, 3, 1, 1, 16, 4, "affine"),
    ("xnor_odd_stride2_threshold", 2, 8, 5, 7, 12, 3, 2, 1, 4, 3, "threshold"),
    ("xnor_whole_window_identity", 3, 4, 7, 5, 8, 3, 1, 1, 36, 8, "identity"),
    ("xnor_three_positions", 4, 8, 6, 6, 8, 3, 2, 1, 24, 2, "affine"),
    ("xnor_1x1_affine", 5, 32, 3, 3, 16, 1, 1, 0, 8, 4, "affine"),
    ("xnor_1x1_stride2_threshold", 6, 16, 5, 4, 8, 1, 2, 0, 16, 8, "threshold"),
    ("xnor_5x5_pad2", 7, 4, 6, 5, 4, 5, 1, 2, 20, 1, "affine"),
    ("xnor_wide_simd", 8, 64, 3, 3, 4, 3, 1, 1, 192, 2, "affine"),
]
SHIFT = [  # name, seed, C, H, W, O, local, global, SIMD, PE
    ("shift_source_major", 11, 16, 4, 4, 16, (1, 1), (2, 2), 16, 4),
    ("shift_interleaved_odd", 12, 8, 5, 3, 8, (1, 1), (2, 1), 6, 8),
    ("shift_7x7_wide", 13, 32, 7, 7, 8, (1, 1), (3, 3), 96, 2),
]


def _cases() -> dict[str, list]:
    xnor = [kc.xnor_case(*c) for c in XNOR] + [kc.shift_case(*c) for c in SHIFT]
    fixed = [
        kc.conv_fixed_case("stem_odd_stride2", 21, 3, 9, 7, 8, 3, 2, 1, 1, 9, 4),
        kc.conv_fixed_case("stem_1ch", 22, 1, 8, 8, 16, 3, 1, 1, 1, 3, 16),
        kc.conv_fixed_case("conv_1x1_groups", 23, 8, 3, 5, 8, 1, 1, 0, 4, 2, 2, bias=False),
        kc.conv_fixed_case("fc", 24, 64, 1, 1, 10, 1, 1, 0, 1, 8, 2, linear=True),
    ]
    eltwise = [("batchnorm", 16, 5, 3, 4), ("rprelu", 8, 5, 5, 8), ("prelu", 8, 3, 3, 2), ("bias", 6, 2, 3, 3),
               ("scale", 4, 3, 2, 4), ("sign", 12, 3, 3, 4), ("int_threshold", 8, 4, 3, 8), ("add", 16, 3, 3, 4),
               ("offset", 8, 3, 5, 4), ("concat", 8, 3, 3, 4)]
    fixed += [kc.elementwise_case(f"eltwise_{kind}", 30 + i, kind, c, h, w, pe)
              for i, (kind, c, h, w, pe) in enumerate(eltwise)]
    fixed += [kc.pool_case("avgpool_2x2", 41, "avg", 8, 6, 6, pe=4),
              kc.pool_case("avgpool_3x3_pad_odd", 42, "avg", 4, 5, 7, 3, 1, 1, pe=2),
              kc.pool_case("maxpool_3x3_stride2", 43, "max", 4, 7, 5, 3, 2, 1, pe=4),
              kc.pool_case("gap_odd", 44, "gap", 16, 5, 3, pe=8),
              kc.context_case("context_with_e", 51, 16, 5, 3, 4, 4, True),
              kc.context_case("context_sign_only", 52, 8, 4, 4, 2, 8, False)]
    return {"xnor": [kc.plan_case(c) for c in xnor], "fixed": [kc.plan_case(c) for c in fixed]}


def _stream_cases() -> list[tuple[str, Unit, dict[str, np.ndarray], dict[str, np.ndarray]]]:
    """Units without an op of their own: sliding window, duplicator, lane converters."""
    rng = np.random.default_rng(60)
    out = []
    for name, c, h, w, k, s, p, il, simd in [("swu_odd_stride2", 8, 5, 6, 3, 2, 1, 2, 4),
                                             ("swu_whole_window", 4, 3, 3, 3, 1, 1, 4, 36)]:
        bits = rng.integers(0, 2, (1, c, h, w)).astype(np.uint8)
        src = Stream("x", BIPOLAR, c, h, w, il)
        win = Stream("y", BIPOLAR, 2 * simd, 1, 1, 2 * simd)
        u = Unit(name, "Swu", [], [win], {"channels": c, "height": h, "width": w, "kernel": k, "stride": s,
                                           "pad": p, "simd": simd}, streams_in=[src])
        out.append((name, u, {"in0": bits}, {"out0": _windows(bits, k, s, p, simd)}))
    x = rng.integers(-2 ** 15, 2 ** 15, (1, 12, 3, 3))
    fx = Fixed(16, 4)
    for name, family, lanes, data, t, attrs in [
            ("dup_three", "BcdDup", (4, 4), x, fx, {"words": 27}),
            ("convert_values_4_to_6", "BcdConvert", (4, 6), x, fx, {"channels": 12, "pixels": 9, "bits": False}),
            ("convert_bits_6_to_4", "BcdConvert", (6, 4), (x > 0).astype(np.uint8), BIPOLAR,
             {"channels": 12, "pixels": 9, "bits": True})]:
        src = Stream("x", t, 12, 3, 3, lanes[0])
        n_out = 3 if family == "BcdDup" else 1
        outs = [Stream(f"y{i}", t, 12, 3, 3, lanes[1]) for i in range(n_out)]
        u = Unit(name, family, [], outs, attrs, streams_in=[src])
        out.append((name, u, {"in0": data}, {f"out{i}": data for i in range(n_out)}))
    return out


def _windows(bits, k, s, p, simd) -> np.ndarray:
    """The sliding window's words: (ky, kx, c) order, zero bits and zero valid over the padding."""
    n, c, h, w = bits.shape
    padded = np.pad(bits, ((0, 0), (0, 0), (p, p), (p, p)))
    valid = np.pad(np.ones_like(bits), ((0, 0), (0, 0), (p, p), (p, p)))
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    words = []
    for oy in range(oh):
        for ox in range(ow):
            win = padded[0, :, oy * s:oy * s + k, ox * s:ox * s + k].transpose(1, 2, 0).reshape(-1)
            val = valid[0, :, oy * s:oy * s + k, ox * s:ox * s + k].transpose(1, 2, 0).reshape(-1)
            for t in range(len(win) // simd):
                words += [win[t * simd:(t + 1) * simd], val[t * simd:(t + 1) * simd]]
    return np.concatenate(words)


def _stream_cpp(name: str, u: Unit, index: int) -> str:
    s_in, outs = u.streams_in[0], u.outputs
    typ = kc._cpp_stream_type
    lines = [f"namespace {name} {{", f"typedef {typ(s_in)} in0_t;"]
    lines += [f"typedef {typ(o)} out{i}_t;" for i, o in enumerate(outs)]
    if u.family == "Swu":
        lines.append(SWU.format(index=index, in_lanes=s_in.lanes, **u.attrs))
        call = f"bcd::swu<config{index}_swu>(in0, out0);"
    elif u.family == "BcdDup":
        call = f"bcd::dup<in0_t, {u.attrs['words']}>(in0, {', '.join(f'out{i}' for i in range(len(outs)))});"
    elif u.attrs["bits"]:
        call = f"bcd::convert_bits<{s_in.lanes}, {outs[0].lanes}, 12, 9>(in0, out0);"
    else:
        call = "bcd::convert_values<in0_t, out0_t, 12, 9>(in0, out0);"
    lines += ["void run(const std::string &dir) {",
              "    hls::stream<in0_t> in0; bcdtest::feed(in0, bcdtest::read_ints(dir + \"/in0.txt\"));"]
    lines += [f"    hls::stream<out{i}_t> out{i};" for i in range(len(outs))]
    lines += [f"    {call}"]
    lines += [f"    bcdtest::write_ints(dir + \"/out{i}.txt\", bcdtest::drain(out{i}));" for i in range(len(outs))]
    lines += ["}", "}  // namespace", ""]
    return "\n".join(lines)


def _compile(build: Path, extra: list[str]) -> subprocess.Popen:
    cmd = ["g++", "-std=c++14", "-O1", "-Wall", "-Wextra", "-Werror", "-Wno-unknown-pragmas", "-Wno-unused-label",
           "-Wno-maybe-uninitialized", "-Wno-uninitialized", "-isystem", str(VIVADO / "ap_types"),
           "-isystem", str(VIVADO / "nnet_utils"), "-I", str(hls_library()), "-I", str(ROOT / "tests" / "hls"),
           "-I", str(build), *extra, str(ROOT / "tests" / "hls" / "kernel_test.cpp"), "-o", str(build / "kernel_test")]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _write_inputs(case_dir: Path, arrays: dict[str, np.ndarray]) -> None:
    case_dir.mkdir(parents=True, exist_ok=True)
    for key, a in arrays.items():
        (case_dir / f"{key}.txt").write_text(" ".join(map(str, kc.stream_order(a).tolist())) + "\n")


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, tuple[dict, dict]]:
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    root = tmp_path_factory.mktemp("hls_kernels")
    groups = _cases()
    groups["xnor_bitwise_popcount"] = groups["xnor"][:2]  # the synthesizable popcount, in C++
    builds, expected = {}, {}
    for group, cases in groups.items():
        build = root / group
        build.mkdir()
        code, calls = [], []
        for i, case in enumerate(cases):
            code.append(kc.cpp_case(case, i))
            calls.append(f'    {case.name}::run(root + "/{case.name}");')
            values = kc.expected(case)
            _write_inputs(build / case.name, {f"in{j}": values[s.tensor] for j, s in enumerate(case.unit.streams_in)})
            expected[(group, case.name)] = {f"out{j}": values[t] for j, t in enumerate(case.outputs)}
        if group == "xnor":
            for i, (name, unit, ins, outs) in enumerate(_stream_cases(), start=len(cases)):
                code.append(_stream_cpp(name, unit, i))
                calls.append(f'    {name}::run(root + "/{name}");')
                _write_inputs(build / name, ins)
                expected[(group, name)] = outs
        (build / "cases.inc").write_text("\n".join(code) + "\nstatic void run_all(const std::string &root) {\n"
                                         + "\n".join(calls) + "\n}\n")
        builds[group] = (build, _compile(build, ["-DBCD_BITWISE_POPCOUNT"] if "bitwise" in group else []))
    got = {}
    for group, (build, proc) in builds.items():
        log = proc.communicate()[0]
        assert proc.returncode == 0, f"{group}: compilation failed:\n{log[-4000:]}"
        run = subprocess.run([str(build / "kernel_test"), str(build)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0 and not run.stderr, f"{group}: {run.stderr[-2000:]}"
    for (group, name), outs in expected.items():
        build = builds[group][0]
        got[(group, name)] = (outs, {k: np.array((build / name / f"{k}.txt").read_text().split(), dtype=np.int64)
                                     for k in outs})
    return got


def _names() -> list[tuple[str, str]]:
    names = [("xnor", c[0]) for c in XNOR + SHIFT]
    names += [("xnor", n) for n in ("swu_odd_stride2", "swu_whole_window", "dup_three", "convert_values_4_to_6",
                                    "convert_bits_6_to_4")]
    names += [("xnor_bitwise_popcount", c[0]) for c in XNOR[:2]]
    names += [("fixed", n) for n in ("stem_odd_stride2", "stem_1ch", "conv_1x1_groups", "fc")]
    names += [("fixed", f"eltwise_{k}") for k in ("batchnorm", "rprelu", "prelu", "bias", "scale", "sign",
                                                  "int_threshold", "add", "offset", "concat")]
    names += [("fixed", n) for n in ("avgpool_2x2", "avgpool_3x3_pad_odd", "maxpool_3x3_stride2", "gap_odd",
                                     "context_with_e", "context_sign_only")]
    return names


@pytest.mark.parametrize("group,name", _names(), ids=[f"{g}-{n}" for g, n in _names()])
def test_kernel_matches_hw_mode(results, group, name):
    expected, got = results[(group, name)]
    for key, want in expected.items():
        flat = kc.stream_order(want).astype(np.int64)
        have = got[key]
        assert have.size == flat.size, f"{name} {key}: {have.size} values, expected {flat.size}"
        bad = np.flatnonzero(have != flat)
        if bad.size:
            coords = np.unravel_index(bad[0], _stream_shape(want))
            pytest.fail(f"{name} {key}: {bad.size} of {flat.size} differ; first at {tuple(int(c) for c in coords)} "
                        f"(stream order H, W, C): got {have[bad[0]]}, expected {flat[bad[0]]}")


def _stream_shape(a: np.ndarray) -> tuple[int, ...]:
    return (a.shape[0], a.shape[2], a.shape[3], a.shape[1]) if a.ndim == 4 else a.shape
