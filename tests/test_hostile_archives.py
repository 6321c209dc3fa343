"""Hostile model files (issue 15): no .pt2 or TorchScript archive runs code or writes files.

Each attack is a real exported program or scripted module with one thing changed, run through the
real CLI (``bcdsim analyze``, ``verify``, ``generate --out``, and ``rtl``, ``compare``, ``explore``):
exit code 2, one stderr line that names the reason and ``--trust-code``, no payload ran (its marker
file is absent, the victim file unchanged) and no file in the test folder was created or changed.
Control tests show that torch's own loaders do run these payloads, and that ``--trust-code`` hands
a file to them. The real loading paths (zoo models and a third-party BNN exported both ways) still
count exactly like the eager models.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
import torch
from foreign_models import ForeignReActNet, scramble
from torch import nn

from bcdsim.cli.main import build_parser, main
from bcdsim.cost.counts import count_ops
from bcdsim.ir.foreign import lower_foreign
from bcdsim.ir.frontend import to_ir
from bcdsim.ir.passes import canonicalize
from bcdsim.models import build, randomize
from bcdsim.nn.binary import SignSTE

SHAPE = "2x3x8x8"


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.drop = nn.Dropout(0.1)
        self.fc = nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.drop(torch.relu(self.conv(x))).mean(dim=(2, 3)))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """A real .pt2 with a dynamic batch (symbolic sizes and range constraints) and a dropout node."""
    path = tmp_path_factory.mktemp("pt2") / "small.pt2"
    batch = torch.export.Dim("batch", min=1, max=64)
    torch.export.save(torch.export.export(Small().eval(), (torch.randn(2, 3, 8, 8),), dynamic_shapes=({0: batch},)),
                      path)
    return path


def rewrite(src: Path, dst: Path, edit=None, extra: dict[str, bytes] | None = None, config=None) -> Path:
    """Copy an archive, editing its program JSON / weights config and adding entries (under the root)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a duplicate entry name is one of the attacks
        root = zin.namelist()[0].split("/")[0]
        for name in zin.namelist():
            data = zin.read(name)
            for suffix, fn in (("models/model.json", edit), ("model_weights_config.json", config)):
                if fn and name.endswith(suffix):
                    document = json.loads(data)
                    fn(document)
                    data = json.dumps(document).encode()
            zout.writestr(name, data)
        for name, data in (extra or {}).items():
            zout.writestr(f"{root}/{name}", data)
    return dst


def nodes(d: dict) -> list[dict]:
    return d["graph_module"]["graph"]["nodes"]


def touch(marker: Path) -> str:
    return f"__import__('os').system('touch {marker}')"


def set_target(target: str):
    return lambda d: nodes(d)[0].update(target=target)


def _opaque_config(d: dict) -> None:  # the case trick: config says opaque_obj_0, the entry is upper-case
    d["config"]["conv.weight"].update(path_name="opaque_obj_0", use_pickle=True)


PICKLE = b"cos\nsystem\n(S'true'\ntR."  # a pickle that runs a command when unpickled

PT2_ATTACKS = {  # name -> (rewrite arguments for a marker path, words the refusal must contain)
    "a_forward_arg_names": (lambda m: dict(edit=lambda d: d["graph_module"]["module_call_graph"][0]["signature"]
                                           .update(forward_arg_names=["x", f"y={touch(m)}"])), "forward argument"),
    "b_guard_line_continuation": (lambda m: dict(edit=lambda d: d.update(guards_code=[
        f"L['x'].size()[0] <= 64 \\\n# ') or {touch(m)} or ('"])), "guard"),
    "c_sympify_newline": (lambda m: dict(edit=lambda d: json_replace(d, '"expr_str": "Symbol(',
                                                                    f'"expr_str": "{touch(m)}\\\\\\n+ Symbol(')),
                          "symbolic expression"),
    "c_sympify": (lambda m: dict(edit=lambda d: json_replace(d, '"expr_str": "Symbol(',
                                                             f'"expr_str": "{touch(m)} + Symbol(')),
                  "symbolic expression"),
    "d_upper_case_entry": (lambda m: dict(extra={"data/constants/OPAQUE_OBJ_0": PICKLE}), "OPAQUE_OBJ_0"),
    "d_pickled_constant": (lambda m: dict(config=_opaque_config, extra={"data/weights/OPAQUE_OBJ_0": PICKLE}),
                           "pickled"),
    "case_collision": (lambda m: dict(extra={"models/MODEL.json": b"{}"}), "differ only by case"),
    "duplicate_entry": (lambda m: dict(extra={"models/model.json": b"{}"}), "twice"),
    "aoti": (lambda m: dict(extra={"data/aotinductor/model/model.so": b"\x7fELF"}), "aotinductor"),
    "target_save": (lambda m: dict(edit=set_target("torch.ops.aten.save.default")), "aten.save"),
    "target_from_file": (lambda m: dict(edit=set_target("torch.ops.aten.from_file.default")), "aten.from_file"),
    "target_os_system": (lambda m: dict(edit=set_target("torch.serialization.os.system")), "os.system"),
    "target_print": (lambda m: dict(edit=set_target("builtins.print")), "builtins.print"),
    "target_random": (lambda m: dict(edit=set_target("torch.ops.aten.rand_like.default")), "rand_like"),
    "inplace_on_input": (lambda m: dict(edit=set_target("torch.ops.aten.relu_.default")), "did not compute"),
    "dropout_training": (lambda m: dict(edit=lambda d: dropout_node(d)["inputs"][2]["arg"].update(as_bool=True)),
                         "training mode"),
    "attribute_path": (lambda m: dict(edit=lambda d: next(s for s in d["graph_module"]["signature"]["input_specs"]
                                                          if "parameter" in s)["parameter"].update(
        parameter_name=f'conv")+{touch(m)}+("')), "attribute path"),
    "pickled_weight": (lambda m: dict(config=lambda d: d["config"]["conv.weight"].update(use_pickle=True)),
                       "pickled"),
}


def json_replace(d: dict, old: str, new: str) -> None:
    text = json.dumps(d)
    assert old in text
    replaced = json.loads(text.replace(old, new))
    d.clear()
    d.update(replaced)


def dropout_node(d: dict) -> dict:
    return next(n for n in nodes(d) if n["target"] == "torch.ops.aten.dropout.default")


# --- TorchScript attacks: scripted modules whose code writes files, prints, draws random numbers ----

class Saver(nn.Module):
    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        torch.ops.aten.save(x, self.marker)
        return x + 1


class FromFile(nn.Module):
    def __init__(self, victim: str):
        super().__init__()
        self.victim = victim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        t = torch.from_file(self.victim, True, 8, dtype=torch.uint8)
        t.fill_(65)
        return x + t[0].float()


class Printer(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        print(x)
        return x + 1


class Random(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + torch.rand_like(x)


class InPlaceOnInput(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.add_(1)


class Forever(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        while bool(x.sum() > -1.0):
            x = x + 1
        return x


class SetState(nn.Module):
    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker
        self.w = torch.ones(1)

    @torch.jit.export
    def __getstate__(self) -> tuple[torch.Tensor, str, bool]:
        return self.w, self.marker, self.training

    @torch.jit.export
    def __setstate__(self, state: tuple[torch.Tensor, str, bool]) -> None:
        self.w, self.marker, self.training = state
        torch.ops.aten.save(self.w, self.marker)  # runs inside torch.jit.load

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.w


def _save_hook(module: nn.Module, inputs: tuple[torch.Tensor], output: torch.Tensor) -> None:
    torch.ops.aten.save(output, "pwned_by_hook")  # relative: the commands run in the test's folder


def hooked() -> nn.Module:
    """A top-level forward hook: not part of forward's graph, yet run by every call from Python."""
    module = nn.Sequential(nn.Identity())
    module.register_forward_hook(_save_hook)
    return module


TS_ATTACKS = {  # name -> (module factory of (marker, victim), words the refusal must contain)
    "ts_save": (lambda m, v: Saver(str(m)), "aten::save"),
    "ts_from_file_shared_write": (lambda m, v: FromFile(str(v)), "aten::from_file"),
    "ts_print": (lambda m, v: Printer(), "prim::Print"),
    "ts_random": (lambda m, v: Random(), "rand_like"),
    "ts_inplace_on_input": (lambda m, v: InPlaceOnInput(), "did not compute"),
    "ts_while": (lambda m, v: Forever(), "while loop"),
    "ts_setstate": (lambda m, v: SetState(str(m)), "__setstate__"),
    "ts_top_level_hook": (lambda m, v: hooked(), "aten::save"),
}


def case_collision(src: Path, dst: Path) -> Path:
    """A TorchScript archive with a second data.pkl, upper-case (miniz can look names up either way)."""
    return rewrite(src, dst, extra={"DATA.PKL": b"\x80\x02N."})


class Arena:
    """A folder with every hostile file, one marker path per payload and a victim file to overwrite."""

    def __init__(self, root: Path, exported: Path):
        self.root = root
        self.victim = root / "victim.txt"
        self.victim.write_text("original contents\n")
        self.files: dict[str, Path] = {}
        self.words: dict[str, str] = {}
        for name, (args, words) in PT2_ATTACKS.items():
            self.files[name] = rewrite(exported, root / f"{name}.pt2", **args(self.marker(name)))
            self.words[name] = words
        for name, (factory, words) in TS_ATTACKS.items():
            torch.jit.script(factory(self.marker(name), self.victim)).save(str(root / f"{name}.pt"))
            self.files[name], self.words[name] = root / f"{name}.pt", words
        torch.jit.script(Small().eval()).save(str(root / "benign.pt"))
        self.files["ts_case_collision"] = case_collision(root / "benign.pt", root / "ts_case_collision.pt")
        self.words["ts_case_collision"] = "differ only by case"

    def marker(self, name: str) -> Path:
        return self.root / f"pwned_{name}"


@pytest.fixture(scope="module")
def arena(tmp_path_factory, exported) -> Arena:
    return Arena(tmp_path_factory.mktemp("arena"), exported)


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*"))}


def cli(argv: list[str], capsys) -> tuple[int, list[str]]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err.strip().splitlines()


COMMANDS = {
    "analyze": lambda f, root: ["analyze", f, "--input-shape", SHAPE],
    "verify": lambda f, root: ["verify", f, "--input-shape", SHAPE, "--images", "2"],
    "generate": lambda f, root: ["generate", f, "--out", root / "out"],
    "rtl": lambda f, root: ["rtl", f, "--all-binary", "--out", root / "out"],
    "compare": lambda f, root: ["compare", f, "--out", root / "out"],
    "explore": lambda f, root: ["explore", f, "--device", "zcu104", "--out", root / "front.png"],
    "bitstream": lambda f, root: ["bitstream", f, "--out", root / "out"],
}
ATTACKS = [*PT2_ATTACKS, *TS_ATTACKS, "ts_case_collision"]


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_file_is_refused_and_runs_nothing(attack, command, arena, capsys, monkeypatch):
    monkeypatch.chdir(arena.root)
    before = snapshot(arena.root)
    code, err = cli(COMMANDS[command](arena.files[attack], arena.root), capsys)
    assert code == 2
    assert len(err) == 1 and err[0].startswith("bcdsim: error: "), err
    assert "refused: " in err[0] and err[0].endswith("pass --trust-code to run it anyway")
    assert arena.words[attack].lower() in err[0].lower()
    assert snapshot(arena.root) == before  # no marker, victim unchanged, no --out folder


def test_every_command_that_loads_a_model_has_trust_code():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    loads = {name for name, p in sub.choices.items() if any(a.dest in ("model", "models") for a in p._actions)}
    assert loads == set(COMMANDS)  # each is also attacked above
    for name in loads | {"csim"}:  # csim reloads the model a project was generated from
        assert "--trust-code" in sub.choices[name]._option_string_actions, name


@pytest.mark.parametrize(("command", "attack"), [("analyze", "a_forward_arg_names"),
                                               ("verify", "ts_from_file_shared_write"), ("generate", "ts_setstate")])
def test_console_script_refuses_with_one_line(command, attack, arena):
    """The installed entry point, as a user runs it: exit 2, one stderr line (no library warnings)."""
    before = snapshot(arena.root)
    argv = [str(a) for a in COMMANDS[command](arena.files[attack], arena.root)]
    proc = subprocess.run([str(Path(sys.executable).parent / "bcdsim"), *argv], capture_output=True, text=True,
                          cwd=arena.root)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("bcdsim: error:"), proc.stderr
    assert "--trust-code" in proc.stderr and proc.stdout == ""
    assert snapshot(arena.root) == before


def test_torch_loaders_do_run_these_payloads(exported, tmp_path, monkeypatch):
    """Controls for the refusals above: torch.export.load / torch.jit.load run the same files' code."""
    monkeypatch.chdir(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("original contents\n")
    x = torch.randn(2, 3, 8, 8)
    for name in ("a_forward_arg_names", "c_sympify"):
        marker = tmp_path / f"pwned_{name}"
        path = rewrite(exported, tmp_path / f"{name}.pt2", **PT2_ATTACKS[name][0](marker))
        try:
            torch.export.load(path).module()(x)
        except Exception:  # noqa: BLE001 (the payload's return value may break the program afterwards)
            pass
        assert marker.exists(), name
    scripted = {name: torch.jit.script(TS_ATTACKS[name][0](tmp_path / f"pwned_{name}", victim))
                for name in ("ts_save", "ts_setstate", "ts_from_file_shared_write", "ts_top_level_hook")}
    for name, module in scripted.items():
        module.save(str(tmp_path / f"{name}.pt"))
    assert not (tmp_path / "pwned_ts_setstate").exists()  # scripting and saving ran nothing
    torch.jit.load(str(tmp_path / "ts_setstate.pt"))
    assert (tmp_path / "pwned_ts_setstate").exists()  # before any call: torch.jit.load ran it
    torch.jit.load(str(tmp_path / "ts_save.pt"))(x)
    assert (tmp_path / "pwned_ts_save").exists()
    torch.jit.load(str(tmp_path / "ts_top_level_hook.pt"))(x)
    assert (tmp_path / "pwned_by_hook").exists()
    torch.jit.load(str(tmp_path / "ts_from_file_shared_write.pt"))(x)
    assert victim.read_text().startswith("AAAAAAAA")


class Erf(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.erf(x).mean(dim=(2, 3))


def test_trust_code_loads_what_the_checks_refuse(tmp_path, capsys, caplog, monkeypatch):
    monkeypatch.chdir(tmp_path)
    torch.export.save(torch.export.export(Erf(), (torch.randn(2, 3, 8, 8),)), tmp_path / "erf.pt2")
    code, err = cli(["analyze", tmp_path / "erf.pt2"], capsys)
    assert code == 2 and "aten.erf.default" in err[0] and "--trust-code" in err[0]
    code, err = cli(["analyze", tmp_path / "erf.pt2", "--trust-code"], capsys)  # at 1x3x224x224
    assert code == 2 and "fails on a 1x3x224x224 input" in err[-1]  # torch's guard, as one line
    code, _ = cli(["analyze", tmp_path / "erf.pt2", "--trust-code", "--input-shape", SHAPE], capsys)
    assert code == 0  # torch.export.load's program, as before
    torch.jit.script(Saver("pwned_trusted")).save(str(tmp_path / "saver.pt"))
    code, _ = cli(["analyze", tmp_path / "saver.pt", "--trust-code", "--input-shape", SHAPE], capsys)
    assert code == 0 and (tmp_path / "pwned_trusted").exists()  # what --trust-code risks (README)
    assert "aten::save" in caplog.text and "running it anyway because of --trust-code" in caplog.text


def test_shape_outside_the_recorded_constraints_exits_2(exported, tmp_path, capsys):
    code, err = cli(["analyze", exported, "--input-shape", "65x3x8x8"], capsys)  # Dim("batch", max=64)
    assert code == 2 and len(err) == 1 and "outside what the program was exported for" in err[0]
    code, err = cli(["analyze", exported, "--input-shape", "64x3x8x8", "--format", "json"], capsys)
    assert code == 0


def test_malformed_program_json_is_a_user_error(exported, tmp_path):
    """Random damage to a real program's JSON: bcdsim either runs it or refuses it, never crashes."""
    import random

    from bcdsim import UserError, load

    with zipfile.ZipFile(exported) as z:
        document = json.loads(z.read(next(n for n in z.namelist() if n.endswith("models/model.json"))))
    paths = []

    def collect(value, path=()):
        paths.append(path)
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            collect(item, (*path, key))
    collect(document)
    rng = random.Random(0)
    junk = [None, 0, -1, 1 << 40, 1.5, "x", "Infinity", [], {}, [1, 2], {"as_int": 3}, {"as_name": "zz"}, True, "\n"]
    outcomes = {"ran": 0, "refused": 0}
    for trial in range(150):
        def damage(d, trial=trial):
            for _ in range(rng.randint(1, 3)):
                *parents, last = rng.choice(paths[1:])
                try:
                    target = d
                    for key in parents:
                        target = target[key]
                    target[last] = rng.choice(junk)
                except (KeyError, IndexError, TypeError):
                    pass
        path = rewrite(exported, tmp_path / "damaged.pt2", edit=damage)
        try:
            load(path)(torch.randn(2, 3, 8, 8))
            outcomes["ran"] += 1
        except UserError:
            outcomes["refused"] += 1
    assert outcomes["refused"] > 50  # most damage is noticed; no other exception escaped


# --- the real paths still work: archives of zoo models and of a third-party BNN count as before ------

def totals(graph) -> dict:
    t = count_ops(graph).totals
    return {k: getattr(t, k) for k in ("bops", "flops", "params_binary", "params_real", "weight_bits")}


def save_archive(model: nn.Module, shape: tuple[int, ...], kind: str, path: Path, monkeypatch) -> Path:
    x = torch.randn(shape)
    if kind == "pt2":
        torch.export.save(torch.export.export(model, (x,)), path)
    else:
        with monkeypatch.context() as m:  # the zoo's STE is an autograd.Function, which TorchScript cannot save;
            m.setattr(SignSTE, "apply", torch.sign)  # its forward is exactly torch.sign
            module = torch.jit.script(model) if kind == "script" else torch.jit.trace(model, x)
        module.save(str(path))
    return path


def analyzed(path: Path, shape: tuple[int, ...], capsys) -> dict:
    code = main(["analyze", str(path), "--input-shape", "x".join(map(str, shape)), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)["totals"]


ZOO_CASES = [("bcdnet-tiny-b", (1, 1, 8, 8)),
             pytest.param("reactnet-a", (1, 3, 64, 64), marks=pytest.mark.slow),
             pytest.param("bcdnet-a", (1, 3, 64, 64), marks=pytest.mark.slow)]


@pytest.mark.filterwarnings("ignore::torch.jit.TracerWarning")  # shift.py branches on constant sizes
@pytest.mark.parametrize("kind", ["pt2", "trace"])
@pytest.mark.parametrize(("name", "shape"), ZOO_CASES)
def test_zoo_model_archives_count_like_the_zoo(name, shape, kind, tmp_path, capsys, monkeypatch):
    model = randomize(build(name), seed=4)
    expected = totals(to_ir(model, shape, name))  # the zoo's own torch.fx lowering
    assert expected["bops"] > 0 and expected["flops"] > 0
    path = save_archive(model, shape, kind, tmp_path / f"{name}.{'pt2' if kind == 'pt2' else 'pt'}", monkeypatch)
    got = analyzed(path, shape, capsys)
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("kind", ["pt2", "script", "trace"])
def test_third_party_bnn_archives_count_like_the_eager_model(kind, tmp_path, capsys, monkeypatch):
    model = scramble(ForeignReActNet([8, 16, 16, 32], classes=10), seed=5)
    shape = (1, 3, 32, 32)
    expected = totals(canonicalize(lower_foreign(model, shape)))  # the eager model, traced at the aten level
    assert expected["bops"] > 0
    path = save_archive(model, shape, kind, tmp_path / f"bnn.{'pt2' if kind == 'pt2' else 'pt'}", monkeypatch)
    got = analyzed(path, shape, capsys)
    assert {k: got[k] for k in expected} == expected
