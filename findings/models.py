"""Checklists, results, findings and evidence recorded at a visit (see issue 3)."""
