"""Settings package: ``main`` for running, ``test`` for the test suite."""
