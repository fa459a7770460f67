"""The OpenAPI 3.1 document of /api/v1, kept as openapi.yaml beside this module."""

from __future__ import annotations

import functools
import pathlib

import yaml

PATH = pathlib.Path(__file__).with_name("openapi.yaml")


@functools.cache
def _load() -> dict:
    with PATH.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def document() -> dict:
    return _load()
