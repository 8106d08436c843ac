"""Work functions for the tests of ``teller.workers`` (test_robustness). They live here, apart
from the test modules, because a spawned worker imports the module its function comes from: this
one imports nothing of teller's, so a worker starts in a fraction of the second that importing a
test module (teller.cli and the stages) takes."""

from __future__ import annotations

import os
import time

from teller.workers import Ask


def toy_init() -> None:
    pass


def toy_work(items: list) -> object:
    for i, item in enumerate(items):
        if item == "slow":
            time.sleep(60)
        if item == "spin":  # a runaway that uses CPU
            end = time.monotonic() + 120
            while time.monotonic() < end:
                pass
        if item == "die":
            os._exit(3)
        yield i, item * 2


def pid_work(items: list) -> object:
    for i, _ in enumerate(items):
        yield i, os.getpid()


def asking_work(items: list) -> object:
    wanted = yield Ask([item for item in items if not isinstance(item, str)])
    for i, item in enumerate(items):
        if item in wanted:
            yield i, item * 10
        else:
            yield i, None
