"""Benchmarks (not tests): `python3 dev.py bench [name]`; results and the reproducing commands in bench/README.md."""
