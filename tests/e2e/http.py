"""A small JSON client for the gateway's public HTTP contract (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class Api:
    def __init__(self, base: str, token: str | None = None):
        self.base = base
        self.token = token

    def call(self, method: str, path: str, body=None, headers: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return error.code, json.loads(raw)
            except ValueError:
                return error.code, raw.decode(errors="replace")

    def login(self, username: str, password: str = "demo") -> Api:
        status, body = self.call("POST", "/api/v1/auth/token", {"username": username, "password": password})
        assert status == 200, body
        return Api(self.base, body["token"])
