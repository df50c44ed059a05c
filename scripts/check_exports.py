#!/usr/bin/env python3
"""Checks that every lesson's numpy export reproduces dropstep's numbers (make exports).

For each lesson:
  1. `dropstep export LESSON --assert -o lesson.py -o lesson.ipynb` (one run, both files).
  2. Run the script: every value is asserted against the one dropstep computed (bit for bit
     for masks and draws).
  3. Validate the notebook with nbformat, execute it top to bottom with nbclient and
     ipykernel, and require that no cell raises and that each code cell prints exactly the
     output stored in the notebook (which dropstep predicted).

Run with the project's venv Python (the Makefile makes it):
    .venv/bin/python scripts/check_exports.py .build/debug/dropstep lessons [LESSON ...]
Prints one line per lesson and a closing 'N passed, N failed' line; exits 1 on any failure.
"""

import concurrent.futures
import copy
import os
import subprocess
import sys
import tempfile
import time


def export(binary, lesson, workdir):
    """Both exports from one run of the lesson: the script with --assert, and the notebook."""
    script, notebook = os.path.join(workdir, "lesson.py"), os.path.join(workdir, "lesson.ipynb")
    args = [binary, "export", lesson, "--assert", "-o", script, "-o", notebook]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"export failed: {done.stderr.strip()}")
    return script, notebook


def check_script(path, workdir):
    done = subprocess.run([sys.executable, path], capture_output=True, text=True, cwd=workdir)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise RuntimeError(f"script with --assert: {tail}")


def outputs(notebook):
    """Each code cell's text outputs (stdout streams joined, execute_result text)."""
    result = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        text = ""
        for output in cell.outputs:
            if output.output_type == "stream":
                text += ("[stderr] " if output.name == "stderr" else "") + output.text
            elif output.output_type == "execute_result":
                text += "[result] " + output.data.get("text/plain", "") + "\n"
        result.append((cell.get("id"), text))
    return result


def check_notebook(path, workdir):
    import nbformat
    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    run = copy.deepcopy(notebook)
    # IPC sockets in the work directory: no TCP ports, and no warning about unencrypted TCP.
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(workdir, "kernel"))
    try:
        NotebookClient(run, km=manager, timeout=600, resources={"metadata": {"path": workdir}}).execute()
    finally:
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
    for (cell, stored), (_, executed) in zip(outputs(notebook), outputs(run)):
        if stored != executed:
            stored_lines, executed_lines = stored.splitlines(), executed.splitlines()
            for k, (a, b) in enumerate(zip(stored_lines + ["<end>"], executed_lines + ["<end>"])):
                if a != b:
                    raise RuntimeError(f"notebook cell {cell}, output line {k + 1}: stored {a!r}, executed {b!r}")
            raise RuntimeError(f"notebook cell {cell}: outputs differ")


def check_lesson(binary, lesson):
    start = time.monotonic()
    problems = []
    with tempfile.TemporaryDirectory() as workdir:
        try:
            script, notebook = export(binary, lesson, workdir)
        except Exception as error:
            return lesson, [str(error).splitlines()[0]], time.monotonic() - start
        for check, path in ((check_script, script), (check_notebook, notebook)):
            try:
                check(path, workdir)
            except Exception as error:  # reported per lesson, the run goes on
                problems.append(str(error).splitlines()[0] if str(error) else repr(error))
    return lesson, problems, time.monotonic() - start


# Lessons whose export is known to be refused, with the reason (none at present). Such a lesson must still be refused with exactly that message, and a
# listed lesson that starts to export fails the check until it is taken off this list.
KNOWN_REFUSALS = {}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, directory = os.path.abspath(sys.argv[1]), sys.argv[2]
    lessons = sys.argv[3:] or sorted(
        os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".md"))
    # Keep Jupyter's and IPython's files inside the project, not in $HOME.
    state = os.path.abspath(os.path.join(".venv", "jupyter"))
    for variable, sub in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                          ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")]:
        os.environ[variable] = os.path.join(state, sub)
        os.makedirs(os.environ[variable], exist_ok=True)
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    started = time.monotonic()
    failed = 0
    refused = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for lesson, problems, seconds in pool.map(lambda l: check_lesson(binary, l), lessons):
            name = os.path.basename(lesson)
            if name in KNOWN_REFUSALS:
                reason = KNOWN_REFUSALS[name]
                if len(problems) == 1 and reason in problems[0]:
                    print(f"known {name}: refused as expected ({reason})")
                    refused += 1
                    continue
                problems = problems or [f"exported, but is listed as refused ({reason}): update KNOWN_REFUSALS"]
            if problems:
                failed += 1
                print(f"FAIL {name} ({seconds:.1f} s)")
                for problem in problems:
                    print(f"     {problem}")
            else:
                print(f"ok   {name} ({seconds:.1f} s): script with --assert and notebook reproduce dropstep")
            sys.stdout.flush()
    passed = len(lessons) - failed - refused
    print(f"exports: {passed} passed, {refused} refused as known, {failed} failed "
          f"({time.monotonic() - started:.1f} s)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
