# uv layout of beamline-scan: everything under /cache (one mount).
# Values with ${...} hold dev container variables (${localWorkspaceFolder}, ...): outside the dev container, put in what they stand for.
export UV_CACHE_DIR=/cache/uv
export UV_PROJECT_ENVIRONMENT='/cache/venv-for${localWorkspaceFolder}'
export VIRTUAL_ENV='/cache/venv-for${localWorkspaceFolder}'
export UV_PYTHON_INSTALL_DIR=/cache/python
export UV_PYTHON_CACHE_DIR=/cache/uv-python
export UV_TOOL_DIR=/cache/tools
export UV_PYTHON_BIN_DIR=/cache/bin
export UV_TOOL_BIN_DIR=/cache/bin
export TMPDIR=/cache/tmp
export UV_PYTHON_PREFERENCE=only-managed
export UV_LINK_MODE=clone
export PATH=/cache/bin":$PATH"
