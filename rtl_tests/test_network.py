"""The whole network in RTL (bcdsim rtl MODEL --out DIR; bcdsim rtlsim DIR): the default model's
bcd_network on Verilator, frames back to back, every logit equal to hw mode's, measured cycles
equal to the design's prediction; random gaps and back-pressure. Slow (make rtlsim-full): a
shortcut FIFO one word too shallow deadlocks and the watchdog names it; all 450 digits test images
of both shipped models; bcdnet-a / bcdnet-b at 1x3x32x32 (2 frames)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import rtl_sim as sim
from rtl_benches import require

from bcdsim.backends.rtl import network_sim, whole

GEN = sim.BUILD / "network"
WEIGHTS = Path(__file__).resolve().parents[1] / "bcdsim" / "models" / "weights"
FRAMES = 8  # the make-test subset: latency and several steady-state frames


def generated(name: str, model: str | None, images: int, input_shape: str | None = None,
              device: str | None = None) -> Path:
    out = GEN / name
    g = whole.build(model, device=device, images=images, input_shape=input_shape)
    whole.write(out, g, force=True)
    return out


def only_when_asked(request) -> None:
    """The runs of minutes stay out of `make test` (which runs every marker): `make rtlsim-full`."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("skipped: a whole-network run of minutes; run with -m slow (make rtlsim-full)")


@pytest.fixture(scope="module")
def tiny_b() -> Path:
    require("verilator")
    return generated("tiny_b", None, FRAMES)


def test_network_lint(tiny_b):
    info = json.loads((tiny_b / "network.json").read_text())
    for define in ([], ["-DBCD_BUSY_COUNTERS"]):  # as synthesis sees it, and as the bench builds it
        cmd = ["verilator", "--lint-only", "-Wall", *define, "--top-module", "bcd_network", *info["sources"]]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tiny_b)
        assert proc.returncode == 0, proc.stderr


def test_network_json_contract(tiny_b):
    """NETWORK_TOP.md: widths, frame sizes and every source/memory file present in the folder."""
    info = json.loads((tiny_b / "network.json").read_text())
    assert info["top"] == "bcd_network"
    assert info["input"]["shape"] == [1, 8, 8] and info["input"]["words_per_frame"] == 64
    assert info["output"]["classes"] == 10
    assert info["output"]["lanes"] * info["output"]["words_per_frame"] >= 10
    for f in info["sources"] + info["memories"]:
        assert (tiny_b / f).is_file(), f
    top = (tiny_b / "bcd_network.v").read_text()
    assert f"input  wire [{info['input']['lanes'] * info['input']['bits'] - 1}:0]  s_axis_tdata" in top


def test_default_model_bit_exact_with_predicted_cycles(tiny_b):
    """Bit-exact, cycles per frame and latency exactly the prediction, and frame 0's first and last
    word into every FIFO at the replay's cycle, except on the streams before the first fork: the
    design keeps those at depth 2, so the stem's back-pressure reaches the input, which waits."""
    res = network_sim.run(tiny_b, FRAMES, trace=True)
    r = network_sim.summary(res, tiny_b, "verilator")
    assert r["bit_exact"], r
    assert r["latency_cycles"] == r["predicted_latency_cycles"], r
    assert r["cycles_per_frame"] == r["predicted_cycles_per_frame"], (r, res.spacings)
    assert r["rtl_hw_top1_agreement"] == 1.0
    info = json.loads((tiny_b / "network.json").read_text())
    order = list(info["units"])
    first_fork = next(i for i, u in enumerate(order) if info["units"][u]["kind"] == "fork")
    depth = {s["name"]: s["depth"] for s in info["streams"]}
    times = res.stream_times()
    differ = [t for t in times if (t["first"], t["last"]) != (t["predicted_first"], t["predicted_last"])]
    assert len(times) == len(info["streams"]) and all(t["first"] is not None for t in times)
    for t in differ:
        assert depth[t["stream"]] == 2 and order.index(t["producer"]) < first_fork, t
    assert len(differ) < len(times) // 10
    # per-unit busy cycles (rtl-sim) next to the cost model's cycles per frame of each unit
    busy = r["unit_busy_cycles"]
    assert len(busy) == sum(1 for u in info["units"].values() if u["instance"]) > 90
    for row in busy:
        assert row["busy_cycles"] == pytest.approx(row["predicted_cycles"], rel=0.05, abs=1), row
    exact = [b for b in busy if abs(b["busy_cycles"] - b["predicted_cycles"]) <= 1]
    assert len(exact) >= 0.95 * len(busy)
    slowest = [b for b in busy if b["predicted_cycles"] == r["cycles_per_frame"]]
    assert slowest and all(b["busy_cycles"] >= r["cycles_per_frame"] - 1 for b in slowest)


def test_default_model_gaps_and_back_pressure(tiny_b):
    res = network_sim.run(tiny_b, 3, gaps=True, seed=7)
    r = network_sim.summary(res, tiny_b, "verilator")
    assert r["bit_exact"], r
    assert r["latency_cycles"] > r["predicted_latency_cycles"]  # gaps slow it down: they did happen


@pytest.mark.slow
def test_shortcut_fifo_one_word_short_deadlocks_naming_it(tiny_b, request):
    """The shortcut around the first shift-MLP must hold a whole frame (its gather waits for the
    frame). The schedule replay counts a word from the cycle its producer offers it, so the fork's
    output register holds one of the words it counts: the RTL's smallest deadlock-free FIFO is the
    replay's occupancy minus one; one word less and the network hangs, and the watchdog names the
    stream. (A second Verilator build: kept out of make test.)"""
    only_when_asked(request)
    info = json.loads((tiny_b / "network.json").read_text())
    shortcut = next(s for s in info["streams"] if s["name"].endswith("__to__mlp_layer_0_mlp_layer_0_add_2")
                    and "fork" in s["producer"])
    short = shortcut["replay_depth"] - 2
    res = network_sim.run(tiny_b, 2, fifo_depths={shortcut["name"]: short})
    assert res.raw["received"] < 2
    assert any(s.startswith(shortcut["name"]) for s in res.raw["stalled"]), res.raw["stalled"]


# --- slow: every digits test image of both shipped models, the ImageNet-style models at 32x32 --

@pytest.mark.slow
@pytest.mark.parametrize("model", ["bcdnet-tiny", "bcdnet-tiny-b"])
def test_shipped_models_450_images(model, request):
    only_when_asked(request)
    require("verilator")
    out = generated(f"{model}_450", str(WEIGHTS / f"{model}.pth"), 450)
    res = network_sim.run(out, 450)
    r = network_sim.summary(res, out, "verilator")
    (out / "rtlsim.json").write_text(json.dumps(r, indent=1))
    assert r["bit_exact"] and r["mismatches"] == 0, r
    assert r["rtl_accuracy"] == r["hw_accuracy"]
    assert r["latency_cycles"] == r["predicted_latency_cycles"], r


@pytest.mark.slow
@pytest.mark.parametrize("model", ["bcdnet-a", "bcdnet-b"])
def test_zoo_models_at_32x32_two_frames(model, request):
    only_when_asked(request)
    require("verilator")
    out = generated(f"{model}_32", model, 2, "1x3x32x32", "u250")  # all weights on chip (no DDR tile schedule)
    res = network_sim.run(out, 2)
    r = network_sim.summary(res, out, "verilator")
    (out / "rtlsim.json").write_text(json.dumps(r, indent=1))
    assert r["bit_exact"], r
    assert r["latency_cycles"] == r["predicted_latency_cycles"], r
