"""Writes the dev container of the project cookiecutter has just made, with gen-devcontainer.

cookiecutter runs this hook in the new project's folder; when it fails, cookiecutter stops and
removes the half-made project.
"""

import shutil
import subprocess
import sys

npx = shutil.which("npx")
if npx is None:
    sys.exit("gen-devcontainer needs Node.js 20 or newer (npx on PATH): https://nodejs.org")
sys.exit(subprocess.run([npx, "--yes", "gen-devcontainer"], check=False).returncode)
