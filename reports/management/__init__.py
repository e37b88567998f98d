"""Report management commands."""
