"""Document jobs and rendered documents (see issue 4)."""
