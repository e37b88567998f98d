"""Frameworks: versions, sections, criteria, rating scales and the YAML loader."""
