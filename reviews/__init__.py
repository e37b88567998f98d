"""Reviews: a commissioner's moderation of a provider's submitted self-assessment."""
