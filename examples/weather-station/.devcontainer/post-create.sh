#!/usr/bin/env bash
set -euo pipefail
pip install --upgrade uv
uv pip install --system -r requirements-dev.txt
