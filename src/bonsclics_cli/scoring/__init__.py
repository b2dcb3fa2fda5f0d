"""Scoring (docs/format.md §3): one result by the rules, many in a batch, a cohort summary."""
