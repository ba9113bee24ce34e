"""Motion planning for the arm controller."""
