"""Benchmarks: they print their figures and compare against the bare stack in the same run.

`make bench` (or `python -m bench.broadcast`) runs the Socket.IO fan-out
benchmark; docs/performance.md holds the results and how they were made.
"""
