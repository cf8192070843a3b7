"""What the tick decides is due: daily prompts, weekly summaries and digests, sprint events."""
