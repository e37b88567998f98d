"""Bulk exports: a ZIP of report PDFs and an XLSX summary, rendered as background work."""
