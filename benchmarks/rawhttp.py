"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for load tests on loopback.

The load generator shares the machine's cores with the server it measures: httpx spent ~6-7 ms
of CPU per request here (as much as a cached server answer costs many times over), so at 100
connections the client, not the server, set the latency. This client does what a load test
needs and nothing more: GET over one persistent connection, status, headers, the body by
``Content-Length`` or chunked; it does not decompress (the body's bytes are read in full).
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit


class HTTPError(Exception):
    """The connection failed or the answer was not HTTP/1.1 as expected."""


class Response:
    __slots__ = ("body", "headers", "status_code")

    def __init__(self, status_code: int, headers: dict[str, str], body: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.body = body


class Connection:
    """One keep-alive connection to ``base`` (``http://host:port``), opened on first use and
    again after the server closed it."""

    def __init__(self, base: str, *, timeout: float = 30.0, accept_encoding: str = "gzip") -> None:
        u = urlsplit(base)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.timeout = timeout
        self.extra = f"Host: {u.netloc}\r\nAccept-Encoding: {accept_encoding}\r\nUser-Agent: teller-load\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> Response:
        try:
            return await asyncio.wait_for(self._get(path), self.timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as err:
            await self.close()
            raise HTTPError(type(err).__name__) from err

    async def _get(self, path: str) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\n{self.extra}\r\n".encode("latin-1"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if line:
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(p[:-2] for p in parts)
        else:
            body = b""
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, headers, body)

    async def close(self) -> None:
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()
            try:
                await writer.wait_closed()
            except OSError:
                pass


__all__ = ["Connection", "HTTPError", "Response"]
