"""Benchmarks; each prints its figure beside its target and a floor (SPEC §11)."""
