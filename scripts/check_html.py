#!/usr/bin/env python3
"""Check dropstep's HTML export in a real browser (headless Chromium over CDP) and a validator.

usage: check_html.py [--dropstep BIN] [--lessons DIR] [--extra DIR] [--out DIR] [--desktop-shots] [PAGE.html ...]
       check_html.py --self-test

Without pages, exports every lesson in --lessons, and the pages of edge cases in --extra
(default scripts/html-check: what the lessons do not show, such as errors, huge tensors and
wide tables), with `dropstep export FILE --to html` into --out (default .build/html-check)
and checks those pages. Each page must:

- pass `tidy -errors -q` with nothing to say (no errors, no warnings);
- load in Chromium with no console error, no uncaught exception, no failed load, and no
  request for anything but the page itself (no fonts, scripts, styles or images from elsewhere);
- draw every <svg> with a size and content (a box and a non-empty bounding box);
- at 360 px wide, not scroll sideways and put nothing past the right edge, except inside code
  (<pre>) and tensor (.scroll) blocks, which scroll inside themselves; the same at 1280 px.

A screenshot of each page at 360 px (its first 6000 px) is kept as OUT/NAME-360.png, and with
--desktop-shots one at 1280 px too. --self-test checks a page with planted faults and fails
unless each fault is caught. Exit status 1 on any problem. Standard library only.
"""
import argparse
import base64
import concurrent.futures
import fcntl
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time

PROBE = """(() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });  // what a reader can open
  const de = document.documentElement, cw = de.clientWidth;
  const allowed = e => e.closest('pre, .scroll') && !e.matches('pre, .scroll');
  const offenders = [...document.querySelectorAll('body *')]
    .filter(e => !allowed(e) && e.getBoundingClientRect().right > cw + 0.5)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
              (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
  return {scrollWidth: de.scrollWidth, clientWidth: cw, height: de.scrollHeight,
    overflowX: de.scrollWidth > cw, offenders: offenders.slice(0, 12), offenderCount: offenders.length,
    svgs: [...document.querySelectorAll('svg')].map((s, i) => {
      const r = s.getBoundingClientRect(), b = s.getBBox();
      return {index: i, label: (s.getAttribute('aria-label') || '').slice(0, 60),
              hasTitle: !!s.querySelector(':scope > title'),
              w: r.width, h: r.height, bboxW: b.width, bboxH: b.height}; })};
})()"""


class Chromium:
    """One headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary):
        r3, self.to_chrome = os.pipe()
        self.from_chrome, w4 = os.pipe()
        c3 = fcntl.fcntl(r3, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(r3)
        c4 = fcntl.fcntl(w4, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(w4)
        self.profile = tempfile.mkdtemp(prefix="dropstep-chromium-")
        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             f"--user-data-dir={self.profile}", "--no-first-run", "--hide-scrollbars",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions", "--mute-audio", "about:blank"],
            close_fds=False, preexec_fn=lambda: (os.dup2(c3, 3), os.dup2(c4, 4)),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(c3)
        os.close(c4)
        self.buffer = b""
        self.events = []
        self.last_id = 0

    def recv(self, deadline):
        while b"\0" not in self.buffer:
            if not select.select([self.from_chrome], [], [], max(0, deadline - time.monotonic()))[0]:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=30):
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while (reply := self.recv(deadline)).get("id") != self.last_id:
            self.events.append(reply)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def wait_for(self, method, session, timeout=30):
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method and e.get("sessionId") == session for e in self.events):
            self.events.append(self.recv(deadline))

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)
        shutil.rmtree(self.profile, ignore_errors=True)

    def check(self, page, shot=None, desktop_shot=None):
        """Loads `page`, returns its problems (strings) and the 360 px measurements."""
        url = pathlib.Path(page).resolve().as_uri()
        self.events = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        problems = []
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.send(f"{domain}.enable", session=sid)
            measures = {}
            for width, path in ((360, shot), (1280, desktop_shot)):
                self.send("Emulation.setDeviceMetricsOverride",
                          {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False}, session=sid)
                if width == 360:
                    self.send("Page.navigate", {"url": url}, session=sid)
                    self.wait_for("Page.loadEventFired", sid)
                result = self.send("Runtime.evaluate", {"expression": PROBE, "returnByValue": True}, session=sid)
                if "exceptionDetails" in result:
                    raise RuntimeError(f"probe failed: {result['exceptionDetails']}")
                m = measures[width] = result["result"]["value"]
                if m["overflowX"] or m["offenderCount"]:
                    problems.append(
                        f"at {width} px: page {m['scrollWidth']} px wide for a {m['clientWidth']} px window; "
                        f"{m['offenderCount']} element(s) past the right edge outside code and tensor blocks, "
                        f"e.g. {m['offenders']}")
                if path:
                    height = min(m["height"], 6000)
                    data = self.send("Page.captureScreenshot", {
                        "format": "png", "captureBeyondViewport": True,
                        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, session=sid)["data"]
                    pathlib.Path(path).write_bytes(base64.b64decode(data))
            for s in measures[360]["svgs"]:
                if not (s["w"] > 0 and s["h"] > 0 and s["bboxW"] > 0 and s["bboxH"] > 0):
                    problems.append(f"svg {s['index']} ({s['label']!r}) does not render: box {s['w']}x{s['h']}, "
                                    f"content {s['bboxW']}x{s['bboxH']}")
                if not s["hasTitle"] or not s["label"]:
                    problems.append(f"svg {s['index']} has no <title> or aria-label")
        finally:
            self.send("Target.closeTarget", {"targetId": target})
        for e in self.events:
            if e.get("sessionId") != sid:
                continue
            method, p = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                problems.append("console.%s: %s" % (p["type"], " ".join(
                    str(a.get("value", a.get("description"))) for a in p["args"])))
            elif method == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                problems.append("uncaught: " + d.get("exception", {}).get("description", d["text"]))
            elif method == "Network.requestWillBeSent" and p["request"]["url"] != url \
                    and not p["request"]["url"].startswith("data:"):
                problems.append(f"request leaving the file: {p['request']['url']}")
            elif method == "Network.loadingFailed":
                problems.append(f"load failed: {p['errorText']} ({p.get('type')})")
            elif method == "Network.responseReceived" and p["response"]["status"] >= 400:
                problems.append(f"HTTP {p['response']['status']}: {p['response']['url']}")
            elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
                problems.append(f"log/{p['entry']['source']}: {p['entry']['text']} {p['entry'].get('url', '')}")
        return problems, measures[360]


def tidy(page):
    """tidy's complaints about `page`, one string each (none for a clean page)."""
    run = subprocess.run(["tidy", "-errors", "-quiet", "--show-warnings", "yes", page],
                         capture_output=True, text=True)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    if run.returncode not in (0, 1, 2):
        lines.append(f"tidy exited with {run.returncode}")
    return [f"tidy: {line}" for line in lines]


def export(dropstep, lesson, out):
    page = out / (lesson.stem + ".html")
    run = subprocess.run([dropstep, "export", str(lesson), "--to", "html", "-o", str(page)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return page, [f"dropstep export failed ({run.returncode}): {run.stderr.strip()}"]
    return page, []


def check_pages(pages, out, desktop_shots, chromium_binary):
    """Checks each page; returns {page: [problems]}."""
    results = {page: tidy(str(page)) for page in pages}
    browser = Chromium(chromium_binary)
    try:
        for page in pages:
            start = time.monotonic()
            stem = pathlib.Path(page).stem
            shot = out / f"{stem}-360.png"
            desktop = out / f"{stem}-1280.png" if desktop_shots else None
            problems, m = browser.check(page, shot, desktop)
            results[page] += problems
            print(f"{'FAIL' if results[page] else 'ok  '} {page}: {len(m['svgs'])} svg, "
                  f"{m['height']} px tall at 360 px, {time.monotonic() - start:.2f} s")
    finally:
        browser.close()
    return results


SELF_TEST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>planted faults</title></head>
<body>
<p>A page with one of each fault the check must catch.</p>
<div style="width: 600px">too wide</div>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="empty"><title>empty</title></svg>
<img src="http://127.0.0.1:9/remote.png" alt="remote">
<p id="twice">an id</p><p id="twice">used twice</p>
<script>console.error("planted console error");</script>
</body></html>
"""


def self_test(chromium_binary):
    """The check must catch each planted fault: if it does not, it is not checking anything."""
    with tempfile.TemporaryDirectory() as directory:
        page = pathlib.Path(directory) / "planted.html"
        page.write_text(SELF_TEST_PAGE)
        results = check_pages([page], pathlib.Path(directory), False, chromium_binary)
    problems = "\n".join(results[page])
    expected = {"console error": "planted console error", "request leaving the file": "127.0.0.1:9/remote.png",
                "sideways scrolling at 360 px": "at 360 px", "zero-size svg": "does not render",
                "tidy's complaint": "tidy:"}
    missed = [name for name, text in expected.items() if text not in problems]
    if missed:
        print("self-test FAILED: the check missed " + ", ".join(missed) + "\nit reported:\n" + problems)
        return 1
    print(f"self-test ok: all {len(expected)} planted faults caught")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="pages to check (default: export every lesson)")
    parser.add_argument("--dropstep", default=".build/debug/dropstep")
    parser.add_argument("--lessons", default="lessons")
    parser.add_argument("--extra", default=str(pathlib.Path(__file__).parent / "html-check"),
                        help="more lesson files to export and check")
    parser.add_argument("--out", default=".build/html-check")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--desktop-shots", action="store_true", help="also keep a 1280 px screenshot")
    parser.add_argument("--self-test", action="store_true", help="check that planted faults are caught")
    args = parser.parse_args()
    for tool in ("tidy", args.chromium):
        if not shutil.which(tool):
            sys.exit(f"check_html: {tool} is missing (make setup-browser installs it)")
    if args.self_test:
        sys.exit(self_test(args.chromium))

    started = time.monotonic()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    problems = {}
    if args.pages:
        pages = [pathlib.Path(p) for p in args.pages]
    else:
        lessons = sorted(pathlib.Path(args.lessons).glob("*.md"))
        if not lessons:
            sys.exit(f"check_html: no lessons in {args.lessons}")
        lessons += sorted(pathlib.Path(args.extra).glob("*.md"))
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            exported = list(pool.map(lambda lesson: export(args.dropstep, lesson, out), lessons))
        pages = [page for page, failure in exported if not failure]
        problems = {page: failure for page, failure in exported if failure}
        print(f"exported {len(pages)} pages in {time.monotonic() - started:.1f} s")
    problems.update(check_pages(pages, out, args.desktop_shots, args.chromium))
    failed = {page: p for page, p in problems.items() if p}
    for page, page_problems in failed.items():
        print(f"\n{page}:")
        for problem in page_problems:
            print("  " + problem)
    print(f"\nchecked {len(problems)} pages in {time.monotonic() - started:.1f} s: "
          f"{len(problems) - len(failed)} passed, {len(failed)} failed; screenshots in {out}/")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
