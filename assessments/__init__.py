"""Assessments: self-assessments (and benchmark reviews), responses, evidence, workflow, and
what every type of record shares (``records``, the row editor, evidence checks)."""
