#!/usr/bin/env python3
"""Shards, merge, checkpoint and resume through the driver, against the single-process run.

usage: shards_test.py FLEETCAST_BINARY WORK_DIR

- K = 1, 3 and 4 shards merged give the single run's JSON (without timing) and CSV byte for
  byte, on 1 and 2 threads, whatever order the partials are given in;
- the shard index comes from SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX or
  JOB_COMPLETION_INDEX when --shard gives only /K;
- a missing shard, a shard given twice and a partial of another seed are refused with one
  line naming the blocks (and the command to re-run) or the reason;
- a run killed part way through resumes from its checkpoint to the identical result.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

F, WORK = sys.argv[1], sys.argv[2]
N = "1000"  # 8 blocks of 128 (the last one partial)
failures = []


def run(*args, env=None, ok=True):
    p = subprocess.run([F, *args], capture_output=True, text=True, env=env)
    if ok and p.returncode != 0:
        print(p.stderr)
        sys.exit(1)
    return p


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
w = lambda name: os.path.join(WORK, name)

for fmt in ("json", "csv"):
    run("simulate", "--example", "--trials", N, "--format", fmt, "--no-timing", "-o", w(f"single.{fmt}"))
for k in (1, 3, 4):
    parts = []
    for i in range(k):
        part = w(f"k{k}-{i}.part")
        run("simulate", "--example", "--trials", N, "--shard", f"{i}/{k}", "--partial", part,
            "--threads", "1" if i % 2 else "2")
        parts.append(part)
    for fmt in ("json", "csv"):
        run("merge", *reversed(parts), "--format", fmt, "--no-timing", "-o", w(f"merged{k}.{fmt}"))
        check(read(w(f"merged{k}.{fmt}")) == read(w(f"single.{fmt}")), f"K={k} merged {fmt} equals the single run")

# The shard index from a job array's variable.
for var in ("SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX", "JOB_COMPLETION_INDEX"):
    env = {k: v for k, v in os.environ.items() if k not in ("SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX",
                                                          "JOB_COMPLETION_INDEX")}
    env[var] = "2"
    run("simulate", "--example", "--trials", N, "--shard", "/3", "--partial", w("env.part"), env=env)
    check(read(w("env.part")) == read(w("k3-2.part")), f"{var}=2 runs shard 2/3")

# Refusals: one stderr line with an id, exit 2.
p = run("merge", w("k3-0.part"), w("k3-2.part"), ok=False)
check(p.returncode == 2 and p.stderr.startswith("[fleetcast.input.4]") and "--shard 1/3" in p.stderr
      and p.stderr.count("\n") == 1, "a missing shard is named with the command to re-run it")
p = run("merge", w("k3-0.part"), w("k3-1.part"), w("k3-1.part"), w("k3-2.part"), ok=False)
check(p.returncode == 2 and p.stderr.startswith("[fleetcast.input.12]"), "a shard given twice is refused")
run("simulate", "--example", "--trials", N, "--seed", "7", "--shard", "1/3", "--partial", w("seed7.part"))
p = run("merge", w("k3-0.part"), w("seed7.part"), w("k3-2.part"), ok=False)
check(p.returncode == 2 and "seed 7 vs 42" in p.stderr, "a partial of another seed does not belong")

# Kill a checkpointed run part way, resume it, compare.
n_long = "4000"  # 32 blocks, a checkpoint after each
run("simulate", "--example", "--trials", n_long, "--format", "json", "--no-timing", "-o", w("long.json"))
ck, out = w("ck.part"), w("resumed.json")
proc = subprocess.Popen([F, "simulate", "--example", "--trials", n_long, "--checkpoint", ck, "--checkpoint-seconds",
                         "0", "--format", "json", "--no-timing", "-o", w("killed.json")])
deadline = time.time() + 600
while not os.path.exists(ck) and time.time() < deadline:
    time.sleep(0.01)
proc.send_signal(signal.SIGKILL)
proc.wait()
check(os.path.exists(ck) and not os.path.exists(w("killed.json")), "the run was killed after a checkpoint, before its end")
run("simulate", "--example", "--trials", n_long, "--checkpoint", ck, "--resume", "--format", "json", "--no-timing",
    "-o", out)
check(read(out) == read(w("long.json")), "the resumed run equals the uninterrupted one")
p = run("simulate", "--example", "--trials", "999", "--checkpoint", ck, "--resume", ok=False)
check(p.returncode == 2 and p.stderr.startswith("[fleetcast.input.9]"), "a checkpoint of another run is refused")

if failures:
    sys.exit(1)
print("shards, merge and resume: all checks passed")
