"""Organisations, people, memberships, commissioning links and the visibility rules."""
