"""Reports render other apps' data; they own no models."""
