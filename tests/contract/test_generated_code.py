"""The committed generated code is exactly what the pinned toolchain makes of protos/ (no drift)."""

from __future__ import annotations

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _load_generator():
    spec = importlib.util.spec_from_file_location("protos_generate", ROOT / "protos" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_code_matches_protos(tmp_path):
    generator = _load_generator()
    generator.generate(tmp_path)
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in (tmp_path / "birtereze").rglob("*") if p.is_file()}
    committed_root = ROOT / "services"
    committed = {p.relative_to(committed_root): p.read_bytes()
                 for p in (committed_root / "birtereze").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert sorted(map(str, fresh)) == sorted(map(str, committed)), "files differ: run `make protos`"
    stale = [str(path) for path, content in fresh.items() if committed[path] != content]
    assert not stale, f"generated code is stale, run `make protos`: {stale}"


def test_every_service_has_a_versioned_contract():
    protos = sorted(p.relative_to(ROOT / "protos").as_posix() for p in (ROOT / "protos").rglob("*.proto"))
    assert protos == [f"birtereze/{name}/v1/{name}.proto"
                      for name in ("benefits", "common", "intake", "notify", "registry", "routing")]
