"""Running the portal: backup and restore, the task worker and its supervisor, and the fault
drill. Management commands only; no page of the portal imports it."""
