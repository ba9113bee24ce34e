# uv layout of this repository: everything under /opt/uv (one mount).
export UV_CACHE_DIR=/opt/uv/cache
export UV_PROJECT_ENVIRONMENT=/opt/uv/envs/project
export VIRTUAL_ENV=/opt/uv/envs/project
export UV_PYTHON_INSTALL_DIR=/opt/uv/python
export UV_PYTHON_CACHE_DIR=/opt/uv/python-cache
export UV_TOOL_DIR=/opt/uv/tools
export UV_PYTHON_BIN_DIR=/opt/uv/bin
export UV_TOOL_BIN_DIR=/opt/uv/bin
export TMPDIR=/opt/uv/tmp
export UV_PYTHON_PREFERENCE=only-system
export UV_PYTHON_DOWNLOADS=never
export UV_LINK_MODE=clone
export PATH=/opt/uv/envs/project/bin:/opt/uv/bin":$PATH"
