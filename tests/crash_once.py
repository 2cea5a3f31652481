"""An engine whose process dies once: the scripted oracle (tests/scripted.py), except that
the first engine call to create the file named by $STAR_TEST_CRASH_ONCE, at its second
generate call, kills its own process with SIGKILL, as a lost worker or node would be. Every
other call, in that process before, or in any process after, answers as the oracle does."""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from typing import Any

from star_cli.engines.base import Completion, Request
from tests.scripted import ScriptedEngine


class CrashOnceEngine(ScriptedEngine):
    name = "crash-once"

    def __init__(self, model: str, **options: Any) -> None:
        super().__init__(model, **options)
        self.count = 0

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        self.count += 1
        marker = os.environ.get("STAR_TEST_CRASH_ONCE")
        if marker and self.count == 2:
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass
            else:
                os.kill(os.getpid(), signal.SIGKILL)
        return super().generate(requests)
