"""Helpers every domain app shares: form fields, lists, history rows, academic years,
percentages, workflow transitions. Imports no app of ours."""
