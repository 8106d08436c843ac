"""Worker processes with a time limit per item: one item never stalls a batch.

Some inputs cost minutes in C code that no signal interrupts (the spaCy tokenizer, libxml2), so
the limit is enforced from outside: items run in worker processes, and a worker that overruns
is killed and replaced. The design, chosen to be simple rather than clever:

* the parent sends a worker a *batch* of items (so ``nlp.pipe`` still parses in batches) and
  the worker sends back one result per item as it finishes it, tagged with the item's number;
* a worker that has used ``timeout`` seconds of CPU since it last sent something, while it holds
  items, is killed; so is one that has sent nothing for ``WALL_FACTOR`` times ``timeout`` on the
  clock (an item blocked on something that uses no CPU). CPU time, not the clock, is the main
  measure because on a loaded machine a worker may get a small share of a core: an article that
  needs 3 s of CPU then takes 30 s on the clock and is not a runaway (the fuzz run on a machine
  shared by seven sessions, load 11 on 2 cores, saw exactly that). Where a process's CPU time
  cannot be read (no ``/proc``), the clock alone counts, with ``timeout``. When
  it held one item, that item is reported as overrunning; when it held several, the culprit is
  not known (a batch is parsed at once), so each unfinished item is run again *alone*, with its
  own limit, and only the one that overruns alone is reported. A worker that dies (a signal,
  the out-of-memory killer) is handled the same way;
* results come out in input order whatever the workers' speed, so the output is the same as one
  process's; at most ``2 * workers`` batches are out at a time (bounded memory);
* workers are started with ``spawn`` (no inherited half-locked threads) and are this process's
  children (their CPU time shows in its resource usage); a worker whose parent dies reads end of
  file on its pipe and exits.

The work itself is two functions the caller names (top-level, so they pickle): ``init(*args)``
once per worker, and ``work(items)``, a generator of ``(index in items, result)``; a result
must pickle. ``work`` may also yield an :class:`Ask`: its payload goes to the parent's
``answer`` function and the reply comes back as the value of the ``yield`` (``teller run`` asks
which of the articles a worker just extracted are not stored yet, before parsing them). The
time a worker waits for the reply is not its items' time. This module knows nothing of articles.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, cast

log = logging.getLogger(__name__)

#: Seconds a new worker may take to start (import spaCy, load the model and knowledge base).
START_TIMEOUT = 600.0
#: A worker silent for this many times the limit on the clock is stopped whatever its CPU time.
WALL_FACTOR = 4.0
#: Seconds between looks at the workers' CPU time while they hold items.
CHECK_EVERY = 0.5
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


#: A worker whose resident memory passed this many MB is replaced once it has finished its batch
#: (what a parse leaves behind, e.g. spaCy's string store growing with every new word, adds up
#: over a long run). Loaded, a worker holds ~300 MB (the English model and knowledge base), ~620
#: MB once a Japanese item has loaded GiNZA; a parse adds at most ~70-125 MB on top
#: (``teller.nlp.pieces``), so a worker replaced past this stays under 1 GB at its peak.
RECYCLE_MB = 750.0


def release_memory() -> None:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    glibc returns freed memory at the top of its heap only: one small block still in use above a
    parse's freed working memory (a Doc's tensor) keeps all of it resident. A worker that parsed a
    long Japanese text stayed 270 MB larger until trimmed, and was judged by that size."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return cast(Callable[[int], int], ctypes.CDLL("libc.so.6").malloc_trim)
    except (OSError, AttributeError):
        return None


def rss_mb(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MB (Linux ``/proc``), or None."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds process ``pid`` has used (Linux ``/proc``), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15)
    except (OSError, IndexError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Overrun:
    """What a supervised run yields for an item it gave up on."""

    item: Any
    message: str


@dataclass(frozen=True, slots=True)
class Ask:
    """What a ``work`` generator yields to ask the parent something (see the module docstring)."""

    payload: Any


@dataclass
class _Worker:
    proc: Any  # multiprocessing.context.SpawnProcess
    conn: Connection
    ready: bool = False
    started: float = field(default_factory=time.monotonic)
    held: dict[int, Any] = field(default_factory=dict)  # seq -> item, sent and not yet answered
    alone: bool = False  # running one item in isolation (its overrun is its own)
    last: float = 0.0  # when it last sent something
    cpu: float | None = None  # its CPU seconds then (None: not readable here)

    def mark(self) -> None:
        self.last = time.monotonic()
        self.cpu = cpu_seconds(self.proc.pid)

    def overran(self, limit: float) -> str | None:
        """Why this worker counts as overrunning its items' ``limit``, or None."""
        waited = time.monotonic() - self.last
        if self.cpu is None:
            return f"took longer than {limit:g} s (TELLER_ITEM_TIMEOUT): stopped" if waited > limit else None
        used = cpu_seconds(self.proc.pid)
        if used is not None and used - self.cpu > limit:
            return f"used more than {limit:g} s of CPU (TELLER_ITEM_TIMEOUT): stopped"
        if waited > limit * WALL_FACTOR:
            return f"took longer than {limit * WALL_FACTOR:g} s ({WALL_FACTOR:g} x TELLER_ITEM_TIMEOUT): stopped"
        return None


def _serve(conn: Connection, init: Callable[..., None], init_args: tuple, work: Callable) -> None:
    """The worker's loop: receive ``(seqs, items)``, send ``(seq, result)`` per item."""
    init(*init_args)
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if msg is None:
            return
        seqs, items = msg
        gen = work(items)
        reply: Any = None
        try:
            while True:
                try:
                    out = gen.send(reply)
                except StopIteration:
                    break
                reply = None
                if isinstance(out, Ask):
                    conn.send(("ask", out.payload))
                    reply = conn.recv()
                else:
                    index, result = out
                    conn.send((seqs[index], result))
        except (BrokenPipeError, EOFError, OSError):  # the parent is gone (killed, or stopped us)
            return


def supervised(items: Iterable[Any], work: Callable, init: Callable[..., None], init_args: tuple, *,
               workers: int, batch_size: int, timeout: float,
               answer: Callable[[Any], Any] | None = None) -> Iterator[Any]:
    """``work``'s results for ``items``, in order; an :class:`Overrun` for an item that took more
    than ``timeout`` seconds (``0``: no limit) or whose worker died. Items that are exceptions are
    passed through in their place without being sent anywhere. ``answer(payload)`` replies to
    what ``work`` asks (:class:`Ask`); it runs in this process."""
    ctx = mp.get_context("spawn")
    pool: list[_Worker] = []
    source = iter(items)
    exhausted = False
    retry: deque[tuple[int, Any]] = deque()  # items to run alone, after a batch overran
    done: dict[int, Any] = {}
    next_out = 0
    seq = 0
    limit = timeout if timeout > 0 else None

    def start() -> _Worker:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, init, init_args, work), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def stop(w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)
        w.conn.close()

    def lost(w: _Worker, why: str) -> None:
        """``w`` overran or died: give up on its lone item, or run each of its items alone."""
        stop(w)
        pool.remove(w)
        if w.alone or len(w.held) == 1:
            for s, item in w.held.items():
                done[s] = Overrun(item, why)
        else:
            retry.extend(sorted(w.held.items()))
        pool.append(start())

    def take() -> tuple[list[tuple[int, Any]], bool] | None:
        """The next batch to send and whether it is a lone retry (those first), or None;
        items that are exceptions are passed through."""
        nonlocal exhausted, seq
        if retry:
            return [retry.popleft()], True
        batch: list[tuple[int, Any]] = []
        while not exhausted and len(batch) < batch_size:
            try:
                item = next(source)
            except StopIteration:
                exhausted = True
                break
            if isinstance(item, BaseException):
                done[seq] = item
            else:
                batch.append((seq, item))
            seq += 1
        return (batch, False) if batch else None

    try:
        pool.extend(start() for _ in range(max(1, workers)))
        while True:
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            # hand out work: only while the unanswered window is small (bounded memory)
            for w in pool:
                if w.ready and not w.held and (retry or seq - next_out < 2 * max(1, workers) * batch_size):
                    taken = take()
                    if taken is None:
                        continue
                    batch, alone = taken
                    try:
                        w.conn.send(([s for s, _ in batch], [item for _, item in batch]))
                    except Exception as err:  # an item that does not pickle (nothing was written)
                        if len(batch) == 1:
                            done[batch[0][0]] = Overrun(batch[0][1], f"cannot be sent to a worker: {err}")
                        else:
                            retry.extend(batch)
                        continue
                    w.held, w.alone = dict(batch), alone
                    w.mark()
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [w for w in pool if w.held or not w.ready]
            if exhausted and not retry and not any(w.held for w in pool) and next_out >= seq:
                return
            if not any(w.held for w in pool) and not any(not w.ready for w in pool):
                continue  # nothing out and workers idle: take() gave nothing but exceptions
            now = time.monotonic()
            waits = [CHECK_EVERY if (w.held and limit) else
                     (w.started + START_TIMEOUT - now) if not w.ready else 60.0 for w in busy]
            ready = wait([w.conn for w in busy], timeout=max(0.0, min(waits, default=1.0)))
            for conn in cast(list[Connection], ready):
                w = next(x for x in pool if x.conn is conn)
                try:
                    tag, result = conn.recv()
                except (EOFError, OSError):
                    if not w.ready:
                        raise RuntimeError(f"a worker process failed to start (exit code {w.proc.exitcode})") from None
                    log.error("a worker process died holding %d items", len(w.held))
                    lost(w, f"the worker process died (exit code {w.proc.exitcode})")
                    continue
                if tag == "ask":
                    try:
                        conn.send(answer(result) if answer is not None else None)
                    except (OSError, ValueError):  # the worker died meanwhile: the next wait says so
                        pass
                    w.mark()  # the time spent answering is not the worker's
                    continue
                w.mark()
                if tag == "ready":
                    w.ready = True
                else:
                    w.held.pop(tag, None)
                    done[tag] = result
                    if not w.held and (rss_mb(w.proc.pid) or 0.0) > RECYCLE_MB:
                        log.info("a worker grew past %g MB: replacing it", RECYCLE_MB)
                        stop(w)
                        pool.remove(w)
                        pool.append(start())
            now = time.monotonic()
            for w in list(pool):
                why = w.overran(limit) if (w.held and limit) else None
                if why:
                    log.error("a worker overran holding %d items: %s", len(w.held), why)
                    lost(w, why)
                elif not w.ready and now - w.started > START_TIMEOUT:
                    raise RuntimeError(f"a worker process did not start within {START_TIMEOUT:g} s")
                elif not w.proc.is_alive() and not w.held and w.ready:
                    pool.remove(w)
                    pool.append(start())
    finally:
        for w in pool:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 5
        for w in pool:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            stop(w)
