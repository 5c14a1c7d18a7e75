"""Benchmarks (`make bench`): synthetic knowledge bases and the search benchmark."""
