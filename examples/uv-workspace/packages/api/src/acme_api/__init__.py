"""The API of the acme workspace example."""
