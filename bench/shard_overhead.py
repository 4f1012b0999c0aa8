#!/usr/bin/env python3
"""Speed of sharded runs, measured in one run of this script (issue 8's goal):
K = 4 shards run one after another plus the merge must take <= 1.05x the single run's time.

usage: bench/shard_overhead.py [FLEETCAST_BINARY] [SCENARIOS]
Both sides run on 1 thread so the comparison is of work, not of scheduling; the best of 3
repetitions of each is compared (the machine is shared). Exits 3 if the goal is missed.
"""
import os
import subprocess
import sys
import tempfile
import time

F = sys.argv[1] if len(sys.argv) > 1 else "build/bin/fleetcast"
N = sys.argv[2] if len(sys.argv) > 2 else "20000"
K = 4


def timed(*args):
    t = time.perf_counter()
    subprocess.run([F, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


with tempfile.TemporaryDirectory() as d:
    single, sharded, merge_only = [], [], []
    for _ in range(3):
        single.append(timed("simulate", "--example", "--trials", N, "--threads", "1", "--format", "json", "-o",
                            os.path.join(d, "single.json")))
        t = 0.0
        for i in range(K):
            t += timed("simulate", "--example", "--trials", N, "--threads", "1", "--shard", f"{i}/{K}", "--partial",
                       os.path.join(d, f"p{i}.part"))
        m = timed("merge", *[os.path.join(d, f"p{i}.part") for i in range(K)], "--format", "json", "-o",
                  os.path.join(d, "merged.json"))
        sharded.append(t + m)
        merge_only.append(m)
    size = sum(os.path.getsize(os.path.join(d, f"p{i}.part")) for i in range(K))
ratio = min(sharded) / min(single)
print(f"trials {N}, {K} shards, 1 thread, best of 3")
print(f"single run           {min(single):8.3f} s")
print(f"4 shards + merge     {min(sharded):8.3f} s   (merge alone {min(merge_only):.3f} s; partials {size / 1e6:.2f} MB)")
print(f"ratio                {ratio:8.3f}   goal <= 1.05{'' if ratio <= 1.05 else '   <-- missed'}")
sys.exit(0 if ratio <= 1.05 else 3)
