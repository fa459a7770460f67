"""Shared plumbing of the Bir Tereze suite: written once, used by every service."""

SERVICES = ("gateway", "intake", "routing", "registry", "benefits", "notify")
GRPC_SERVICES = ("intake", "routing", "registry", "benefits", "notify")
