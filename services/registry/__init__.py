"""Registry: the population register and civil-status cases (birth, marriage, divorce)."""
