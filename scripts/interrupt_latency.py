#!/usr/bin/env python3
"""Measure how fast Ctrl-C is answered in the REPL, for each kind of long computation,
and check that the session survives each one.

Run with `make latency` (it builds the release binary first), or after any release build:
python3 scripts/interrupt_latency.py [WORD...]   (only the cases whose name contains a WORD)
The REPL runs on a pseudo-terminal as a learner's would; SIGINT is sent to it while the
computation runs, and the time until "interrupted" is printed is reported. The target is
under 200 ms for every case.
"""
import os
import pty
import re
import select
import signal
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DROPSTEP = os.environ.get("DROPSTEP", os.path.join(ROOT, ".build", "release", "dropstep"))
ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")

# (name, set-up lines, the long statement); each statement runs for seconds when not interrupted.
CASES = [
    ("matrix product 2000x2000 (b = a @ a)", ["a = rand(2000, 2000)"], "b = a @ a"),
    ("elementwise, 60M elements", ["a = ones(60000000)"], "b = exp(a) * sqrt(a)"),
    ("check of 50M elements", ["a = zeros(50000000)"], "check(a, a + 1)"),
    ("mc on a 10000-element tensor", ["x = ones(10000)"], "m = mc(sum(dropout(x, p=0.5) * x), samples=200000)"),
    ("samples, 20000-element value", ["x = ones(20000)"], "s = samples(dropout(x, p=0.5), n=3000)"),
    ("backward over a 1M-node chain, show=false",
     ["trace(false)", "x = ones(1)", "y = x", "for i in range(1000000): y = y * 1", "l = sum(y)"],
     "backward(l, show=false)"),
    ("backward over a 1M-node chain, printed",
     ["trace(false)", "x = ones(1)", "y = x", "for i in range(1000000): y = y * 1", "l = sum(y)"],
     "backward(l)"),
    ("show(rand(4096, 4096))", [], "show(rand(4096, 4096))"),
]


class Repl:
    def __init__(self, state):
        env = {"TERM": "xterm", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "XDG_STATE_HOME": state,
               "HOME": state, "NO_COLOR": "1"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(DROPSTEP, [DROPSTEP, "--color", "never"], env)
        self.buffer = b""

    def read_until(self, needle, timeout):
        """Waits for `needle` in the output; returns the time it was seen, or None."""
        deadline = time.perf_counter() + timeout
        while True:
            index = self.buffer.find(needle)
            if index >= 0:
                self.buffer = self.buffer[index + len(needle):]
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    return None
                self.buffer += ESCAPE.sub(b"", chunk)

    def line(self, text, timeout=120):
        os.write(self.fd, text.encode() + b"\r")
        if self.read_until(b"dropstep> ", timeout) is None:
            raise RuntimeError(f"no prompt after {text!r}")

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def measure(name, setup, statement, delay=0.5):
    with tempfile.TemporaryDirectory() as state:
        repl = Repl(state)
        try:
            if repl.read_until(b"dropstep> ", 30) is None:
                return name, None, "no prompt"
            for line in setup:
                repl.line(line)
            os.write(repl.fd, statement.encode() + b"\r")
            time.sleep(delay)
            sent = time.perf_counter()
            os.kill(repl.pid, signal.SIGINT)
            seen = repl.read_until(b"interrupted", 60)
            if seen is None:
                return name, None, "no 'interrupted' within 60 s"
            if repl.read_until(b"dropstep> ", 60) is None:
                return name, None, "no prompt after the interrupt"
            os.write(repl.fd, b"1 + 41\r")
            alive = repl.read_until(b"42", 10) is not None
            return name, (seen - sent) * 1000, "session alive" if alive else "session lost"
        finally:
            repl.close()


def main():
    if not os.path.exists(DROPSTEP):
        sys.exit(f"{DROPSTEP} is missing: run `swift build -c release --product dropstep` first")
    only = sys.argv[1:]
    print(f"{'case':48} {'latency':>10}  note")
    worst = 0.0
    for name, setup, statement in CASES:
        if only and not any(word in name for word in only):
            continue
        name, latency, note = measure(name, setup, statement)
        shown = "failed" if latency is None else f"{latency:7.1f} ms"
        print(f"{name:48} {shown:>10}  {note}", flush=True)
        if latency is not None:
            worst = max(worst, latency)
    print(f"worst: {worst:.1f} ms (target: under 200 ms)")


if __name__ == "__main__":
    main()
