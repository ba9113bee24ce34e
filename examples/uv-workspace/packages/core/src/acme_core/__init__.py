"""Shared code of the acme workspace example."""
