#!/usr/bin/python3
"""Executes the notebooks headless with the servq TypeScript kernel, as CI does (`npm run notebooks:check`).

Each notebook runs in a fresh kernel started at the repository root; the executed copy is written to
out/notebooks/. A failing cell stops its notebook: the cell's number, source and error are printed and the
exit status is 1. The committed notebooks must carry no outputs (they are checked first), so a diff shows
code, not results of one machine's run.

Usage: tools/jupyter/execute.py [NOTEBOOK.ipynb ...]   (default: notebooks/*.ipynb)
"""
import glob
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ["JUPYTER_PATH"] = os.path.join(ROOT, "tools", "jupyter") + os.pathsep + os.environ.get("JUPYTER_PATH", "")


def has_outputs(nb):
    return [i + 1 for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]


def error_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}".strip(": "))
            parts.extend(out.get("traceback", []))
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    return "\n".join(p for p in parts if p) or "(the kernel gave no message)"


def main(paths):
    paths = paths or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    out_dir = os.path.join(ROOT, "out", "notebooks")
    os.makedirs(out_dir, exist_ok=True)
    for stale in glob.glob(os.path.join(out_dir, "*.ipynb")):
        os.remove(stale)
    failed = 0
    for path in paths:
        name = os.path.relpath(path, ROOT)
        nb = nbformat.read(path, as_version=4)
        dirty = has_outputs(nb)
        if dirty:
            print(f"FAIL {name}: cells {dirty} carry outputs; commit notebooks without them (npm run notebooks:strip)", file=sys.stderr)
            failed += 1
            continue
        started = time.time()
        client = NotebookClient(nb, kernel_name="servq-ts", timeout=900, record_timing=False, resources={"metadata": {"path": ROOT}})
        try:
            client.execute()
            print(f"ok   {name} ({len(nb.cells)} cells, {time.time() - started:.1f} s)")
        except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError, OSError) as error:
            failed += 1
            # The failing cell is the last one the kernel ran (tslab reports the error on the cell's stderr).
            ran = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("execution_count") is not None]
            index = ran[-1] if ran else None
            print(f"FAIL {name}: a cell failed", file=sys.stderr)
            if index is not None:
                cell = nb.cells[index]
                print(f"  cell {index + 1}:\n" + "\n".join("    " + line for line in cell.source.splitlines()), file=sys.stderr)
                print("  error:\n" + "\n".join("    " + line for line in error_text(cell).splitlines()), file=sys.stderr)
            else:
                print(f"  {str(error).strip()[:2000]}", file=sys.stderr)
        finally:
            nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
    if failed:
        print(f"{failed} of {len(paths)} notebook(s) failed; executed copies in {os.path.relpath(out_dir, ROOT)}/", file=sys.stderr)
        return 1
    print(f"all {len(paths)} notebook(s) ran; executed copies in {os.path.relpath(out_dir, ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main([os.path.abspath(p) for p in sys.argv[1:]]))
