#!/usr/bin/env python3
"""How much does including <fleetcast/fleetcast.hpp> cost a consumer's compile?

Compiles two one-line translation units with the build's own compiler and flags — the command
line CMake generated for the umbrella header's self-containment check (tests/CMakeLists.txt,
fleetcast_header_check), without the compiler launcher so ccache cannot answer:

    baseline:  #include <vector> / <string> / <map>
    fleetcast: #include <fleetcast/fleetcast.hpp>   (and the other umbrella headers, for reference)

each REPS times, alternating, and prints the median CPU time (user + sys of the compiler, so
other work on the machine disturbs it less than wall time) and the ratio fleetcast / baseline.
The goal for the front door, <fleetcast/fleetcast.hpp>, is a ratio of at most 2.5
(docs/library.md, "Header cost"); all.hpp, core.hpp and io.hpp are printed for reference.

usage: bench/header_cost.py [BUILD_DIR] [--reps N] [--max-ratio R]
  BUILD_DIR    a configured Ninja build with tests enabled (default: build)
  --max-ratio  exit 1 when the fleetcast.hpp ratio is above R
"""

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

UMBRELLAS = ["fleetcast/fleetcast.hpp", "fleetcast/all.hpp", "fleetcast/core.hpp", "fleetcast/io.hpp"]


def build_command(build_dir):
    """The compile command of header_check/fleetcast_fleetcast_hpp.cpp, as a list, with the
    launcher, output, dependency-file and source arguments removed."""
    out = subprocess.run(["ninja", "-C", build_dir, "-t", "commands", "fleetcast_header_check"],
                         check=True, capture_output=True, text=True).stdout
    lines = [l for l in out.splitlines() if "fleetcast_fleetcast_hpp.cpp" in l]
    if not lines:
        sys.exit("header_cost: no compile command for the umbrella header in " + build_dir +
                 " (configure with tests enabled)")
    line = lines[-1]
    if " && " in line:  # "cd dir && cmd"
        line = line.split(" && ", 1)[1]
    args = shlex.split(line)
    if os.path.basename(args[0]) in ("ccache", "sccache"):
        args = args[1:]
    cmd, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-MD", "-MMD") or a.endswith("fleetcast_fleetcast_hpp.cpp"):
            continue
        cmd.append(a)
    return cmd


def cpu_seconds(cmd, cwd):
    """Runs cmd; returns (user + sys CPU seconds of the child, wall seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("header_cost: compile failed: " + shlex.join(cmd))
    return usage.ru_utime + usage.ru_stime, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build_dir", nargs="?", default="build")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--max-ratio", type=float)
    a = ap.parse_args()
    build_dir = os.path.abspath(a.build_dir)
    cmd = build_command(build_dir)

    with tempfile.TemporaryDirectory(prefix="header_cost.") as tmp:
        sources = {"baseline": "#include <vector>\n#include <string>\n#include <map>\n"}
        include_dirs = [x[2:] for x in cmd if x.startswith("-I")]
        for h in UMBRELLAS:  # the per-target umbrellas only where they exist (older trees)
            if any(os.path.exists(os.path.join(d, h)) for d in include_dirs):
                sources[h] = "#include <%s>\n" % h
        files = {}
        for i, (name, text) in enumerate(sources.items()):
            files[name] = os.path.join(tmp, "tu%d.cpp" % i)
            with open(files[name], "w") as f:
                f.write(text)
        times = {name: [] for name in sources}
        for _ in range(a.reps):
            for name in sources:  # alternate, so a busy moment hits every variant alike
                cpu, _ = cpu_seconds(cmd + ["-c", files[name], "-o", os.devnull], build_dir)
                times[name].append(cpu)

    base = statistics.median(times["baseline"])
    print("compiler: " + shlex.join(cmd[:1]) + "  (%d repetitions, median CPU seconds)" % a.reps)
    print("flags:    " + shlex.join(cmd[1:]))
    print("%-26s %8s %8s %8s" % ("translation unit", "median", "min", "ratio"))
    for name in sources:
        m = statistics.median(times[name])
        label = "<vector> <string> <map>" if name == "baseline" else "<%s>" % name
        print("%-26s %8.3f %8.3f %8.2f" % (label, m, min(times[name]), m / base))
    ratio = statistics.median(times["fleetcast/fleetcast.hpp"]) / base
    print("ratio fleetcast.hpp / standard headers: %.2f" % ratio)
    if a.max_ratio is not None and ratio > a.max_ratio:
        print("header_cost: ratio %.2f is above %.2f" % (ratio, a.max_ratio))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
