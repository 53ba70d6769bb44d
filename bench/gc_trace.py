"""Run a bench server with its full garbage collections logged (``--trace-gc``).

    python -m bench.gc_trace LOG atelier serve --port 5000
    python -m bench.gc_trace LOG bare --port 5001

Each full (generation 2) collection appends ``<start, epoch s> <duration s>``
to LOG. The server itself is unchanged: this only registers a callback.

With ``BENCH_PROFILE=FILE`` in the environment, SIGUSR1 starts cProfile and
SIGUSR2 stops it and writes its statistics to FILE (bench/reconnect_storm.py
``--profile``).
"""

from gevent import monkey

monkey.patch_all()

import cProfile  # noqa: E402
import gc  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402


def profile_on_signals(path: str) -> None:
    profiler = cProfile.Profile()
    signal.signal(signal.SIGUSR1, lambda *_: profiler.enable())

    def stop(*_) -> None:
        profiler.disable()
        profiler.dump_stats(path)

    signal.signal(signal.SIGUSR2, stop)


def main() -> None:
    log_path, stack, *args = sys.argv[1:]
    log = open(log_path, "a", buffering=1)  # noqa: SIM115  (open for the process's life)
    started = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[0] = time.time()
        else:
            log.write(f"{started[0]:.6f} {time.time() - started[0]:.6f}\n")

    gc.callbacks.append(on_gc)
    if os.environ.get("BENCH_PROFILE"):
        profile_on_signals(os.environ["BENCH_PROFILE"])
    if stack == "atelier":
        from atelier.cli import main as run
    else:
        from bench.bare_server import main as run
    sys.argv = [stack, *args]
    run()


if __name__ == "__main__":
    main()
