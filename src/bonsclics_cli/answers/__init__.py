"""Answers files (docs/format.md §4): the AnswerSheet model, the JSON document, its checks."""
