"""Tests for reports: PDFs, spreadsheets, downloads and the render_report command."""
