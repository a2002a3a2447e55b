#!/usr/bin/python3
"""Clears the outputs of notebooks in place, in the form they are committed (`npm run notebooks:strip`).

Outputs, execution counts and cell metadata are dropped; the notebook's metadata keeps only the kernelspec and
the three language_info keys the committed notebooks carry (tslab adds its version and codemirror_mode when it
runs, editors their own keys); the JSON is written as nbformat writes it (keys sorted, indent 1, non-ASCII as
is, a final newline). Stripping an executed copy therefore gives back the committed file byte for byte.

Usage: tools/jupyter/strip.py [NOTEBOOK.ipynb ...]   (default: notebooks/*.ipynb)
"""
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LANGUAGE_INFO = {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"}


def strip(nb):
    for cell in nb["cells"]:
        cell["metadata"] = {}
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    # Only the kernelspec and the language are kept (editors add their own keys, e.g. VS Code's "vscode").
    kernelspec = nb.get("metadata", {}).get("kernelspec")
    nb["metadata"] = {**({"kernelspec": kernelspec} if kernelspec else {}), "language_info": dict(LANGUAGE_INFO)}
    return nb


def main(paths):
    paths = paths or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    for path in paths:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
        text = json.dumps(strip(nb), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"stripped {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
