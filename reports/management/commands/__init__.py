"""Report management commands: render_report."""
