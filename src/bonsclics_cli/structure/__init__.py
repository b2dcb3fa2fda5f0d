"""The structure's profile: who the person can call, and the local offers that answer advice.

A TOML file the structure writes once (``bonsclics structure init``); the person's page
prints its contact and, under each next step, the local offer that answers it.
"""
