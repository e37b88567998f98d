"""Dashboards read other apps' models through selectors; they own none."""
