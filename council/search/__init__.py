"""Search: agenda items, posts and summaries, found with each database's own full-text search and
only where the reader may see them (see queries.py)."""
