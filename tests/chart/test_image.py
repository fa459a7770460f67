"""The Dockerfile: multi-stage, no build tools or root in the final stage, the `tereze` entry point the chart runs."""

from __future__ import annotations

import fnmatch
import json
import pathlib
import re
import tomllib

import yaml

# No Helm needed here: these run even where helm-python-sdk cannot load.
REPO = pathlib.Path(__file__).resolve().parents[2]
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    result = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for instruction in instructions(DOCKERFILE):
        if instruction[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def test_multi_stage_on_python_311():
    built = stages()
    assert len(built) >= 2
    arg = re.search(r"^ARG PYTHON_IMAGE=(\S+)", DOCKERFILE, re.M)
    assert arg and re.match(r"python:3\.11[.-]", arg.group(1)) and "slim" in arg.group(1)
    requires = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert "3.11" in requires


def test_final_stage_runs_tereze_as_the_charts_non_root_user():
    final = dict(stages()[-1])
    user = final["USER"].split(":")
    assert all(part.isdigit() and int(part) != 0 for part in user), "numeric non-root USER (runAsNonRoot checks it)"
    values = yaml.safe_load((REPO / "helm/values.yaml").read_text(encoding="utf-8"))
    pod = values["default"]["podSecurityContext"]
    assert [int(u) for u in user] == [pod["runAsUser"], pod["runAsGroup"]]
    assert json.loads(final["ENTRYPOINT"]) == ["tereze"]
    assert json.loads(final["CMD"]) == ["serve", "gateway"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert "tereze" in scripts


def test_final_stage_has_no_build_tools_or_sources():
    final = stages()[-1]
    text = " ".join(args for _, args in final)
    for tool in ("build-essential", "gcc", "apt-get install", "pip install", "git"):
        assert tool not in text, f"final stage mentions {tool!r}"
    copies = [args for word, args in final if word in ("COPY", "ADD")]
    assert copies and all(args.startswith("--from=") for args in copies), copies


def dockerignore_excludes(path: str) -> bool:
    excluded = False
    for raw in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        parts = pathlib.PurePosixPath(path).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        regex = fnmatch.translate(pattern).replace(".*", "[^/]*").replace("[^/]*[^/]*", ".*")
        if pattern.startswith("**/"):
            regex = "(.*/)?" + fnmatch.translate(pattern[3:])
        if any(re.fullmatch(regex, p) for p in prefixes):
            excluded = not negate
    return excluded


def test_build_context_holds_what_the_build_copies_and_nothing_secret():
    build = stages()[0]
    sources = []
    for word, args in build:
        if word == "COPY" and not args.startswith("--from="):
            sources += args.split()[:-1]
    assert sources
    for source in sources:
        assert (REPO / source).exists(), f"COPY {source}: missing from the repository"
        assert not dockerignore_excludes(source.rstrip("/")), f"COPY {source}: excluded by .dockerignore"
    for private in (".git/config", ".venv/bin/python", "var/gateway.db", "tests/conftest.py", "helm/values.yaml",
                    "services/gateway/__pycache__/app.cpython-311.pyc"):
        assert dockerignore_excludes(private), f"{private} would be sent to the build"
    assert not dockerignore_excludes("services/gateway/app.py")
