#!/usr/bin/env bash
# `npm run notebooks`: the classic Jupyter Notebook (Debian's) on notebooks/, with the servq TypeScript kernel
# found through JUPYTER_PATH (nothing is installed in your Jupyter folders). The kernel starts at the
# repository root whatever the notebook's folder, so `servq/notebook` and `.servq/pgdata` resolve the same.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JUPYTER_PATH="$PWD/tools/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
extra=()
[ "$(id -u)" -ne 0 ] || extra+=(--allow-root)
# New notebooks get the servq kernel, not Python.
exec jupyter notebook --notebook-dir=notebooks --MultiKernelManager.default_kernel_name=servq-ts "${extra[@]}" "$@"
