"""uv-app."""

print("hello")
