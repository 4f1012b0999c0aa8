#!/usr/bin/env python3
"""MPI speed-up, measured in one run of this script : 2 ranks on this 2-core
machine must run >= 1.8x as fast as 1 rank (1 thread per rank, the seed example, best of 3).

usage: bench/mpi_speedup.py [MPI_FLEETCAST_BINARY] [SCENARIOS]   (configure build/ with -DFLEETCAST_MPI=ON)
Exits 3 if the goal is missed.
"""
import subprocess
import sys
import time

F = sys.argv[1] if len(sys.argv) > 1 else "build/bin/fleetcast-mpi"
N = sys.argv[2] if len(sys.argv) > 2 else "60000"


def timed(ranks):
    t = time.perf_counter()
    subprocess.run(["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", str(ranks), F, "simulate", "--example",
                    "--trials", N, "--threads", "1", "--format", "json", "-o", "/dev/null"], check=True)
    return time.perf_counter() - t


one = min(timed(1) for _ in range(3))
two = min(timed(2) for _ in range(3))
ratio = one / two
print(f"trials {N}, 1 thread per rank, best of 3 (mpirun start-up included)")
print(f"1 rank   {one:8.3f} s")
print(f"2 ranks  {two:8.3f} s")
print(f"speed-up {ratio:8.3f}   goal >= 1.8{'' if ratio >= 1.8 else '   <-- missed'}")
sys.exit(0 if ratio >= 1.8 else 3)
