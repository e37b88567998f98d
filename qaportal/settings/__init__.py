"""Settings package: base, with dev / test / prod layered on top."""
