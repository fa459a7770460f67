"""Routing: the service catalog, dispatch of applications to the responsible agency, deadlines."""
