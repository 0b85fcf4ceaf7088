"""The real app in a child process, driven over stdin: one JSON command a line.

    python tests/app_driver.py ANNOTATIONS_DIR
    {"focus": ["<article id>", "State Department", 0]}   cursor on that mention
    {"press": ["x", "u"]}                                keys, as pilot.press
    {"loop": ["x", "u"]}                                 press them forever, "pressed" after each round
    {"wait": "conflict"}                                 until the conflict screen is up

Driver (below) starts it and sends the commands.

The app opens the seeds with the annotation files under ANNOTATIONS_DIR (open_workspace,
as `newsdesk` does). "ready" is printed once it is loaded, and "ok" after each command,
so a test knows when a key has been acted on (and saved). Tests that need a second
newsdesk process, or a signal or a SIGKILL, use this: Pilot drives the app in the child
exactly as in-process tests do, and the signal reaches the handlers the app installs.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from edit_fixtures import ready  # noqa: E402
from ui_fixtures import SEEDS  # noqa: E402

from tui.ui.app import NewsdeskApp  # noqa: E402
from tui.ui.history import Place  # noqa: E402
from tui.ui.screens.conflict import ConflictScreen  # noqa: E402


class Driver:
    """Another newsdesk on the same annotations folder, in its own process."""

    def __init__(self, root: Path, cwd: Path | None = None) -> None:
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(root)], cwd=cwd, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.line() == "ready"

    def line(self) -> str:
        return self.process.stdout.readline().strip()

    def send(self, **command: object) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        assert self.line() == "ok"

    def close(self, timeout: float = 30) -> int:
        self.process.stdin.close()
        try:
            return self.process.wait(timeout)
        finally:
            self.process.kill()


def say(word: str) -> None:
    # the real stdout: Textual captures print() while an app runs
    sys.__stdout__.write(word + "\n")
    sys.__stdout__.flush()


async def main(root: Path) -> None:
    app = NewsdeskApp(SEEDS, root, annotate=False)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(app, pilot)
        say("ready")
        loop = asyncio.get_running_loop()
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            command = json.loads(line)
            if "focus" in command:
                aid, text, nth = command["focus"]
                m = [m for m in app.ws.annotations[aid].mentions if m.text == text][nth]
                app.go(Place(aid, (m.start, m.end)))
                app.action_focus_pane("reader")
            elif "press" in command:
                await pilot.press(*command["press"])
            elif "loop" in command:
                say("ok")
                while True:
                    for key in command["loop"]:   # one at a time: a key must not reach a closing dialog
                        await pilot.press(key)
                        await pilot.pause()
                    say("pressed")
            elif command.get("wait") == "conflict":
                while not isinstance(app.screen, ConflictScreen):
                    await pilot.pause(0.05)
            await pilot.pause()
            say("ok")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
