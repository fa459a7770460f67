"""Intake: applications taken at the window, their status history and idempotency keys."""
