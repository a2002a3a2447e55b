#!/usr/bin/env bash
# Installs what the notebooks need (README "Notebooks"): Debian's Jupyter (nbconvert and nbclient to execute
# notebooks headless, the classic Notebook server for `npm run notebooks`, the kernel protocol client) and the
# TypeScript kernel (tslab, pinned in tools/jupyter/kernel/package.json, kept out of servq's own packages: its
# bundled TypeScript 5.0 would replace servq's `tsc`). Safe to run again. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=(jupyter-nbconvert python3-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-notebook)
missing=()
if command -v dpkg >/dev/null; then
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
elif ! /usr/bin/env python3 -c 'import nbclient, nbconvert, ipykernel, notebook' 2>/dev/null; then
  echo "servq notebooks need Jupyter (nbclient, nbconvert, ipykernel, notebook) for python3; this is not Debian:" >&2
  echo "install them with your package manager (or pip), then run this again" >&2
  exit 1
fi
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || { echo "missing Debian packages ${missing[*]} and no apt-get to install them" >&2; exit 1; }
  echo "== installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Installed again when its lockfile changed since (a stamp of the lockfile's hash sits beside the packages).
stamp=tools/jupyter/kernel/node_modules/.servq-lock-sha256
want=$(sha256sum tools/jupyter/kernel/package-lock.json | cut -d' ' -f1)
if [ ! -d tools/jupyter/kernel/node_modules/tslab ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== installing the TypeScript kernel (tslab) into tools/jupyter/kernel"
  npm ci --prefix tools/jupyter/kernel --no-audit --no-fund --silent
  echo "$want" > "$stamp"
fi
echo "notebooks ready: npm run notebooks (Jupyter), npm run notebooks:check (execute them all headless)"
