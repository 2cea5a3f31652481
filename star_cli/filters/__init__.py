"""`star filter`'s steps: per-trace quality filters, per-problem dedup and diversity."""
