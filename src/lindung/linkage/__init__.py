"""Record linkage: rosters against the participant registry (and any two files)."""
