"""Blueprints: `api` (/api/v1, JSON), `web` (HTML for staff), `public` (/track), `ops` (health, metrics)."""
