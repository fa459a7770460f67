"""Without /usr/bin/chromium the browser tests skip with a message, except under CI=true, where they fail."""

from __future__ import annotations

import pytest

from tests.browser import conftest


def test_missing_chromium_skips_outside_ci(monkeypatch):
    monkeypatch.setattr(conftest.os.path, "exists", lambda path: False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        conftest._require_chromium()


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setattr(conftest.os.path, "exists", lambda path: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium"):
        conftest._require_chromium()
