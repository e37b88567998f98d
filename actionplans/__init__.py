"""Action plans: SMART actions generated from assessments, with progress and outcomes."""
