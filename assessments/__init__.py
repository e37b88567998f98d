"""Assessments: self-assessments and QA visits, responses, judgements, evidence, workflow."""
