"""Executes a Jupyter notebook headless with nbclient and prints a JSON summary.

Usage: python3 tools/run_notebook.py NOTEBOOK [--kernel NAME] [--deno PATH] [--timeout SECONDS] [--write PATH]

Every code cell runs in order in one kernel (default: the notebook's kernelspec,
normally "deno"); a cell that raises does not stop the run. The summary on
stdout is one JSON object:

  {"seconds": total, "cells": [{"index": i, "seconds": s, "outputs": [
      {"output_type": "execute_result", "mime_types": ["image/svg+xml", ...],
       "bytes": {"image/svg+xml": 12345, ...}, "text_plain": "first 1000 characters"},
      {"output_type": "error", "ename": "...", "evalue": "..."}, ...]}, ...]}

With --deno PATH (a Deno binary, or a name on PATH such as `deno`) no kernel
needs to be registered: a kernelspec named "deno" that starts that binary
(`deno jupyter --kernel`) is written to a temporary folder put first on
JUPYTER_PATH. The kernel runs with NO_COLOR=1, so plain-text outputs carry no
ANSI colour codes.

With --write PATH the executed notebook is written there (PATH may be the
notebook itself, to refresh its committed outputs). Cell timing metadata is not
recorded, so outputs and execution counts are the only things that change.

Exit codes: 0 when every cell ran without error, 1 when a cell errored, 2 on
bad arguments or when nbclient/nbformat are missing.
"""

import argparse
import json
import os
import queue
import shutil
import sys
import tempfile
import time

# Deno's kernel (2.9) relays rich outputs to the iopub socket through a queue, so a
# large execute_result or display_data can arrive just after the cell's "idle"
# status, where nbclient has stopped listening. After each cell the runner keeps
# listening this long for such late outputs and adds them to the cell.
LATE_OUTPUT_SECONDS = 0.25
OUTPUT_TYPES = {"execute_result", "display_data", "update_display_data", "stream", "error", "clear_output"}


def main() -> int:
    parser = argparse.ArgumentParser(description="Execute a notebook headless and summarise its outputs as JSON.")
    parser.add_argument("notebook")
    parser.add_argument("--kernel", default=None, help="kernel name (default: the notebook's kernelspec)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    parser.add_argument("--write", default=None, help="write the executed notebook to this path")
    parser.add_argument("--deno", default=None, help="start this Deno binary as the kernel named deno")
    args = parser.parse_args()
    os.environ["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory(prefix="deno-kernel-") as folder:
        if args.deno:
            deno = shutil.which(args.deno)
            if deno is None:
                print(f"error: --deno must name a Deno binary, got {args.deno!r}", file=sys.stderr)
                return 2
            os.makedirs(os.path.join(folder, "kernels", "deno"))
            with open(os.path.join(folder, "kernels", "deno", "kernel.json"), "w") as f:
                json.dump({"argv": [os.path.abspath(deno), "jupyter", "--kernel", "--conn", "{connection_file}"],
                           "display_name": "Deno", "language": "typescript"}, f)
            os.environ["JUPYTER_PATH"] = os.pathsep.join([folder] + [p for p in [os.environ.get("JUPYTER_PATH")] if p])
        return run(args)


def run(args: argparse.Namespace) -> int:
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.util import run_sync
    except ImportError as e:  # pragma: no cover - environment check
        print(f"error: nbclient and nbformat are needed ({e}); on Debian: apt-get install python3-nbclient", file=sys.stderr)
        return 2

    nb = nbformat.read(args.notebook, as_version=4)
    kernel = args.kernel or nb.metadata.get("kernelspec", {}).get("name", "deno")
    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=args.timeout,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
    )
    cells = []
    started = time.monotonic()
    client.reset_execution_trackers()
    with client.setup_kernel():
        info = client.wait_for_reply(client.kc.kernel_info())
        if info is not None and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        # One silent request first: the first output of a fresh kernel can be
        # lost in a race, and no notebook cell should depend on that.
        client.wait_for_reply(client.kc.execute("undefined", silent=True))
        sent = []
        execute = client.kc.execute

        def remember(*a, **k):
            msg_id = execute(*a, **k)
            sent.append(msg_id)
            return msg_id

        client.kc.execute = remember
        get_iopub = run_sync(client.kc.get_iopub_msg)
        late = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t = time.monotonic()
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            while True:
                try:
                    msg = get_iopub(timeout=LATE_OUTPUT_SECONDS)
                except queue.Empty:
                    break
                if msg["parent_header"].get("msg_id") == sent[-1] and msg["msg_type"] in OUTPUT_TYPES:
                    client.process_message(msg, cell, index)
                    late += 1
            outputs = []
            for out in cell.outputs:
                entry = {"output_type": out.output_type}
                if out.output_type in ("execute_result", "display_data"):
                    entry["mime_types"] = sorted(out.data.keys())
                    if isinstance(out.data.get("text/plain"), str):
                        entry["text_plain"] = out.data["text/plain"][:1000]
                    entry["bytes"] = {
                        k: len(v.encode("utf-8")) if isinstance(v, str) else len(json.dumps(v))
                        for k, v in out.data.items()
                    }
                elif out.output_type == "error":
                    entry["ename"] = out.ename
                    entry["evalue"] = out.evalue
                elif out.output_type == "stream":
                    entry["name"] = out.name
                    entry["text"] = out.text[-2000:]
                outputs.append(entry)
            cells.append({"index": index, "seconds": round(time.monotonic() - t, 3), "outputs": outputs})
    summary = {"kernel": kernel, "late_outputs": late, "seconds": round(time.monotonic() - started, 3), "cells": cells}
    if args.write:
        nbformat.write(nb, args.write)
    print(json.dumps(summary))
    failed = any(o["output_type"] == "error" for c in cells for o in c["outputs"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
