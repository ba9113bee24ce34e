#!/usr/bin/env bash
# Runs once, after the container is created.
set -euo pipefail

# Dev tools first, then the app and its dependencies.
pip install --user -r requirements-dev.txt
uv sync
pre-commit install
