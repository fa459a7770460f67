"""A small TCP proxy that can misbehave: a faulty network between two services, or a database that goes away.

Modes: `pass` (forward), `delay` (hold each new connection's first bytes longer than any deadline),
`drop` (accept and close at once), `reset` (accept and reset with RST), `down` (refuse: nothing listens).
Existing connections are cut when the mode changes away from `pass`, as a real outage would.
"""

from __future__ import annotations

import socket
import struct
import threading
import time


class FaultyProxy:
    def __init__(self, target_host: str, target_port: int, listen_port: int = 0, delay: float = 10.0):
        self.target = (target_host, target_port)
        self.delay = delay
        self.mode = "pass"
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._stop = threading.Event()
        self._listener = self._listen(listen_port)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self.faults: list[tuple[str, float]] = []

    def _listen(self, port: int) -> socket.socket:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen(256)
        s.settimeout(0.2)
        return s

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> FaultyProxy:
        self._thread.start()
        return self

    def set_mode(self, mode: str) -> None:
        assert mode in ("pass", "delay", "drop", "reset", "down")
        with self._lock:
            self.mode = mode
            if mode != "pass":
                self.faults.append((mode, time.time()))
                for conn in list(self._conns):
                    self._kill(conn, rst=mode == "reset")
                self._conns.clear()

    def _kill(self, conn: socket.socket, rst: bool = False) -> None:
        try:
            if rst:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                # close() alone does not end a connection another thread is blocked reading (the pipe below):
                # the peer would never see the outage and wait for ever for an answer in flight. A real
                # server that goes away closes (FIN) or resets its connections; shutdown() does that here.
                conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            conn.close()
        except OSError:
            pass

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            mode = self.mode
            if mode in ("drop", "down"):
                self._kill(client)
                continue
            if mode == "reset":
                self._kill(client, rst=True)
                continue
            threading.Thread(target=self._serve, args=(client, mode), daemon=True).start()

    def _serve(self, client: socket.socket, mode: str) -> None:
        if mode == "delay":
            time.sleep(self.delay)
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            self._kill(client)
            return
        with self._lock:
            self._conns.update((client, upstream))
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if self.mode == "delay":
                    time.sleep(self.delay)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        with self._lock:
            for conn in self._conns:
                self._kill(conn)
