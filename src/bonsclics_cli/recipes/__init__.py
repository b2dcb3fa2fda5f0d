"""Recipes for scoring beyond one machine (docs/recipes.md): Dask shards, a DuckDB cohort."""
