"""Host name resolution with a deadline, and the connection that uses what it resolved.

``socket.getaddrinfo`` has no timeout: with a resolver that does not answer (a dead name server,
a network that drops UDP) one lookup can hold a fetch, and the batch reading it, for minutes,
whatever the fetch's own timeout says. So every lookup runs in a daemon thread and the caller
waits at most ``timeout`` seconds for it; a lookup that does not answer in time is an error for
its item, and its thread is left to finish on its own. At most :data:`MAX_STUCK` lookups may be
outstanding at once; past that a lookup fails at once instead of piling up threads.

:class:`GuardedBackend` is the network layer under teller's HTTP client: it connects to the
addresses this module resolved (within the fetch's timeout), after checking them against the
address guard, so the address connected to is the address checked (no second, unbounded lookup
inside the HTTP library, and no window for a DNS answer to change in between).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any

import httpcore

from teller.errors import FetchError

#: Lookups still running after their caller gave up that are tolerated before new ones fail fast.
MAX_STUCK = 16

Address = ipaddress.IPv4Address | ipaddress.IPv6Address



class NoAnswer(FetchError):
    """The name server did not answer in time (worth remembering for a while: it may not answer
    the next lookup of that host either)."""


_lock = threading.Lock()
_outstanding = 0


def resolve(host: str, port: int, timeout: float, *,
            lookup: Callable[..., list[Any]] | None = None) -> list[str]:
    """The addresses ``host`` resolves to (IP literals are returned as they are), or a
    :class:`FetchError` when the lookup fails or takes more than ``timeout`` seconds.
    ``lookup``: a ``getaddrinfo``-like function (tests); ``socket.getaddrinfo`` by default."""
    global _outstanding
    literal = _literal(host)
    if literal is not None:
        return [str(literal)]
    lookup = lookup or socket.getaddrinfo
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        global _outstanding
        try:
            box["infos"] = lookup(host, port, proto=socket.IPPROTO_TCP)
        except BaseException as err:  # noqa: BLE001 - handed to the waiting caller
            box["error"] = err
        finally:
            with _lock:
                _outstanding -= 1
            done.set()

    with _lock:
        if _outstanding >= MAX_STUCK:
            raise NoAnswer(f"cannot resolve host {host!r}: {MAX_STUCK} earlier lookups are still "
                             "unanswered (the name server is not responding)")
        _outstanding += 1
    threading.Thread(target=run, name=f"teller-dns:{host}", daemon=True).start()
    if not done.wait(max(0.0, timeout)):
        raise NoAnswer(f"cannot resolve host {host!r}: no answer within {timeout:g} s")
    if "error" in box:
        err = box["error"]
        if isinstance(err, (OSError, UnicodeError)):
            raise FetchError(f"cannot resolve host {host!r}: {err}") from None
        raise err
    return list(dict.fromkeys(info[4][0].split("%")[0] for info in box["infos"]))


def non_public(addresses: Iterable[str]) -> Address | None:
    """The first address that is not a public unicast one (private, loopback, link-local,
    metadata, multicast, reserved), or None."""
    for text in addresses:
        addr = ipaddress.ip_address(text)
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped  # ::ffff:127.0.0.1 is loopback, whatever is_global says
        if not addr.is_global or addr.is_multicast:
            return addr
    return None


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, resolving with :func:`resolve` and refusing non-public
    addresses unless ``allowed(host)`` says the host may be anything."""

    def __init__(self, allowed: Callable[[str], bool], lookup: Callable[..., list[Any]] | None = None) -> None:
        self.allowed = allowed
        self.lookup = lookup

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        try:
            addresses = resolve(host, port, 30.0 if timeout is None else timeout, lookup=self.lookup)
        except FetchError as err:
            raise httpcore.ConnectError(err.message) from None
        if not self.allowed(host):
            bad = non_public(addresses)
            if bad is not None:
                raise httpcore.ConnectError(f"refused: {host} resolves to non-public address {bad}")
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                last = err
        raise last or httpcore.ConnectError(f"no address for {host!r}")
