from gateway.models import metadata
from tereze.migrations import run_env

run_env(metadata)
