"""Dashboards: commissioner and partnership aggregates, trends and concerns."""
