#!/usr/bin/env bash
# `npm run notebooks:check`: execute.py with a Python that has Jupyter's nbclient (Debian's /usr/bin/python3
# first: a pyenv or venv python3 earlier on PATH often lacks it).
set -euo pipefail
cd "$(dirname "$0")/../.."
for py in /usr/bin/python3 python3; do
  if command -v "$py" >/dev/null && "$py" -c 'import nbclient, nbformat' 2>/dev/null; then
    exec "$py" tools/jupyter/execute.py "$@"
  fi
done
echo "no python3 with Jupyter's nbclient: run bash tools/jupyter/install.sh" >&2
exit 1
