"""Reports: PDF (WeasyPrint) and spreadsheet exports."""
