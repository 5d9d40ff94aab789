"""A stand-in for the rates API on localhost, in every way it has been seen to misbehave."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from exocalc.rates import bundled_rates

KRW_PER_EURO = Decimal("1500")


def euro_rates(drop: tuple[str, ...] = (), **changed: Any) -> dict[str, Any]:
    """Units per euro for the snapshot's currencies, with KRW at 1,500 (the snapshot: 1,491.76)."""
    snapshot = bundled_rates()
    eur = snapshot.krw_per("EUR")
    answer: dict[str, Any] = {
        code: str((eur / snapshot.krw_per(code)).quantize(Decimal("0.0001")))
        for code in snapshot.currencies
        if code not in ("EUR", "KRW") and code not in drop
    }
    answer["KRW"] = str(KRW_PER_EURO)
    answer.update(changed)
    return answer


def _handler(mode: str, body: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if mode == "error":
                self.send_response(503)
                self.end_headers()
                self.wfile.write(b"Service Unavailable")
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if mode == "endless":  # a chunked body that never ends
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b'{"rates":{"KRW":1500.0' + b",1.0" * 16000
                try:
                    while True:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                except OSError:
                    return
            if mode == "bomb":  # a small gzip body that inflates to 500 MB
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mode == "trickle":  # a byte a second, for far longer than any deadline
                try:
                    for byte in body[:30]:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(1)
                except OSError:  # the client gave up, as it should
                    pass
                return
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def _gzip_bomb(size: int) -> bytes:
    """A gzip body of a few hundred KB that inflates to `size` bytes of spaces."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip wrapper
    block = b" " * (1 << 20)
    parts = [packer.compress(b"{")]
    parts += [packer.compress(block) for _ in range(size >> 20)]
    return b"".join([*parts, packer.compress(b"}"), packer.flush()])


def dollar_rates() -> dict[str, Any]:
    """The same rates as `euro_rates`, as a service answers when asked for them per dollar:
    units per USD (so KRW 1,500 / 1.1172 = 1,342.64 per dollar, EUR 1 / 1.1172), USD left out."""
    euro = {code: Decimal(value) for code, value in euro_rates().items()}
    per_dollar = {code: value / euro["USD"] for code, value in euro.items() if code != "USD"}
    per_dollar["EUR"] = 1 / euro["USD"]
    return {code: str(value) for code, value in per_dollar.items()}


@contextmanager
def rates_server(
    mode: str = "ok",
    rates: dict[str, Any] | None = None,
    base: str | None = "EUR",
    date: str | None = "2026-11-27",
) -> Iterator[str]:
    """Serve on 127.0.0.1; yields the base URL. Modes: ok, error, garbage, trickle, huge
    (50 MB of floats), endless (a chunked body without end), bomb (a gzip bomb). The answer
    says its `base` and `date` (None: leaves the member out)."""
    document: dict[str, Any] = {"base": base, "date": date, "rates": rates or euro_rates()}
    document = {key: value for key, value in document.items() if value is not None}
    body = b"<html>not json" if mode == "garbage" else json.dumps(document).encode()
    if mode == "huge":
        body = b'{"rates":{"KRW":1500,"x":[' + b"1.5," * 12_500_000 + b"1]}}"
    if mode == "bomb":
        body = _gzip_bomb(500_000_000)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(mode, body))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers: yields 'http://127.0.0.1:PORT'."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        listener.close()
