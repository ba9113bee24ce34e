"""The command line of the acme workspace example."""
