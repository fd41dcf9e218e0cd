"""BPJS participant snapshots: immutable dated extracts and their comparison."""
