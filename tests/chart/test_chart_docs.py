"""helm/README.md's table of values is generated from values.yaml and cannot drift from it."""

from __future__ import annotations

import importlib.util
import json
import pathlib

import pytest

# No Helm needed here: these run even where helm-python-sdk cannot load.
CHART = pathlib.Path(__file__).resolve().parents[2] / "helm"

spec = importlib.util.spec_from_file_location("gen_readme", CHART / "gen_readme.py")
gen_readme = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_readme)


def test_readme_table_is_generated_from_values():
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    assert gen_readme.updated(readme, (CHART / "values.yaml").read_text(encoding="utf-8")) == readme, (
        "helm/README.md is out of date with helm/values.yaml: run `python helm/gen_readme.py`")


def test_every_value_is_documented():
    rows = gen_readme.rows((CHART / "values.yaml").read_text(encoding="utf-8"))
    documented = {key for key, *_ in rows}
    assert {"image.repository", "opentelemetry.endpoint", "components.intake.port"} <= documented


def test_an_undocumented_value_is_refused():
    with pytest.raises(gen_readme.UndocumentedError, match="newKey"):
        gen_readme.rows("# -- documented\nold: 1\nnewKey: 2\n")


def test_readme_documents_every_schema_property_at_the_top():
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    for key in schema["properties"]:
        if key != "global":
            assert f"`{key}" in readme, key
