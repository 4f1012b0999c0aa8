#!/usr/bin/env python3
"""Opens the HTML reports in headless Chromium and checks that a browser really draws them.

Usage: render_report.py SIMULATE_REPORT.html [PACK_REPORT.html]

The files are written by the GTest ReportHtml.WritesExamplesForBrowserCheck into
$FLEETCAST_REPORT_EXAMPLE_DIR (ctest fixture report.write_example). For each file: Chromium's DOM must hold the report's element ids and
its <svg> charts, each with <title> and <desc>; a 1280x4000 screenshot must be a PNG that is
not blank. The file must not name any URL. Exit 77 (ctest SKIP_RETURN_CODE) when Chromium is
not installed: `apt-get install chromium`.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SIMULATE_IDS = ["run-facts", "summary", "cost-histogram", "cost-cdf", "percentile-table",
                "cost-breakdown", "paired-differences", "break-even", "break-even-chart"]
PACK_IDS = ["run-facts", "heuristics", "heuristics-chart", "heuristics-table"]


def find_browser():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run(browser, profile, args, timeout=120):
    cmd = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile] + args
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


def png_facts(path):
    """(width, height, distinct bytes, share of non-zero bytes) of the image data.

    The scanlines are left filtered: on a blank page every filtered byte is 0 (or one value),
    while text and charts give many distinct values. Decoding the filters in Python would
    take tens of seconds for 1280x4000 pixels and tell no more.
    """
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height = 8, [], 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    nonzero = len(raw) - raw.count(0)
    return width, height, len(set(raw)), nonzero / max(1, len(raw))


def check(browser, html, ids, min_svgs, work):
    failures = []
    text = open(html, encoding="utf-8").read()
    for bad in re.findall(r"https?://|\b(?:src|href)\s*=|<script|<link|url\(", text):
        failures.append("names an external resource: " + bad)
    url = "file://" + os.path.abspath(html)
    profile = tempfile.mkdtemp(dir=work)

    dom = run(browser, profile, ["--dump-dom", url])
    if dom.returncode != 0:
        failures.append("--dump-dom exited %d: %s" % (dom.returncode, dom.stderr.decode()[-400:]))
    page = dom.stdout.decode("utf-8", "replace")
    missing = [i for i in ids if 'id="%s"' % i not in page]
    svgs = len(re.findall(r"<svg\b", page))
    titled = len(re.findall(r"<svg\b[^>]*>\s*<title\b[^>]*>[^<]+</title>\s*<desc\b", page))
    print("  DOM: %d characters, %d <svg> (%d with <title> and <desc>), ids missing: %s"
          % (len(page), svgs, titled, ", ".join(missing) or "none"))
    if missing:
        failures.append("ids missing from the DOM: " + ", ".join(missing))
    if svgs < min_svgs:
        failures.append("%d <svg> in the DOM; expected at least %d" % (svgs, min_svgs))
    if titled != svgs:
        failures.append("%d of %d <svg> lack <title>/<desc>" % (svgs - titled, svgs))

    shot = os.path.join(work, os.path.basename(html) + ".png")
    r = run(browser, profile, ["--screenshot=" + shot, "--window-size=1280,4000", url])
    if r.returncode != 0 or not os.path.exists(shot):
        failures.append("--screenshot failed (%d): %s" % (r.returncode, r.stderr.decode()[-400:]))
    else:
        size = os.path.getsize(shot)
        w, h, distinct, busy = png_facts(shot)
        print("  screenshot: %dx%d PNG, %d bytes, %d distinct filtered byte values, %.1f %% non-zero"
              % (w, h, size, distinct, 100 * busy))
        if size < 50000:
            failures.append("screenshot is only %d bytes: a blank page?" % size)
        if distinct < 32 or busy < 0.005:
            failures.append("screenshot looks blank (%d distinct values, %.2f %% non-zero)"
                            % (distinct, 100 * busy))
        if (w, h) != (1280, 4000):
            failures.append("screenshot is %dx%d, not 1280x4000" % (w, h))
    return failures


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    browser = find_browser()
    if browser is None:
        print("SKIP: chromium not installed (apt-get install chromium)")
        return 77
    version = subprocess.run([browser, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.decode().strip()
    print("browser: %s (%s)" % (browser, version))
    plans = [(argv[1], SIMULATE_IDS, 5)]
    if len(argv) > 2:
        plans.append((argv[2], PACK_IDS, 1))
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for html, ids, min_svgs in plans:
            if not os.path.exists(html):
                failures.append(html + " does not exist (run ReportHtml.WritesExamplesForBrowserCheck)")
                continue
            print(html)
            failures += [html + ": " + f for f in check(browser, html, ids, min_svgs, work)]
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("OK: %d report(s) rendered by the browser" % len(plans))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
