"""Template tags for report download links."""
