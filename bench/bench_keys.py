"""Keystroke response in the reader: how long a key takes to act and be drawn.

The app runs on the seeds, headless at 160x45, under Textual's Pilot. Each sample is a
press and a pause until the next frame; the baseline is the same for a key nothing is
bound to (f12), sampled between the others, so the ratio and the difference in ms are
what the key itself costs beyond delivering a keystroke and drawing a frame. Keys come
in pairs that undo each other (Tab around the panes; n and N; ] and [; j and k), so
every sample starts from a like place.

    .venv/bin/python bench/bench_keys.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from own_home import own_home  # noqa: E402

own_home()

from tui.ui.app import NewsdeskApp  # noqa: E402

# name: (pane to start in, keys pressed in turn)
CASES = {
    "Tab (next pane)": ("list", ["tab"]),
    "n / N (next entity)": ("reader", ["n", "N"]),
    "] / [ (next article)": ("list", ["right_square_bracket", "left_square_bracket"]),
    "j / k (list cursor)": ("list", ["j", "k"]),
}
BASELINE = "f12"


async def timed_press(pilot, key: str) -> float:
    started = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    return time.perf_counter() - started


async def measure(rounds: int) -> dict[str, list[float]]:
    app = NewsdeskApp(ROOT / "seeds", ROOT / "annotations", annotate=False)
    times: dict[str, list[float]] = {name: [] for name in CASES} | {"no-op key (baseline)": []}
    async with app.run_test(size=(160, 45)) as pilot:
        while app.ws is None or app._side() is None:   # the workspace and side panel, after the first frame
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        for name, (pane, keys) in CASES.items():
            app.action_focus_pane(pane)
            await pilot.pause()
            for i in range(rounds):
                times["no-op key (baseline)"].append(await timed_press(pilot, BASELINE))
                times[name].append(await timed_press(pilot, keys[i % len(keys)]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    times = asyncio.run(measure(parser.parse_args().rounds))
    base = statistics.median(times.pop("no-op key (baseline)"))
    print(f"{'no-op key (baseline)':<22} median {base * 1000:6.1f} ms   ratio 1.00x")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<22} median {median * 1000:6.1f} ms   ratio {median / base:4.2f}x   "
              f"the key's own work {max(0.0, median - base) * 1000:5.1f} ms")


if __name__ == "__main__":
    main()
