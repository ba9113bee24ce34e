"""Device bridge."""
