"""Fixtures shared by the dashboard tests: ``known``, the provider dashboard tests' world."""
from tests.dashboards.test_provider_dashboard import known  # noqa: F401  (the fixture)
