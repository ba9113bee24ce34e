"""A to-do list on the web."""
