"""A real SMTP server on a local port, small enough to read: it speaks just the commands
Django's SMTP backend sends without TLS or login, and keeps each message it is given.
(Python's smtpd was removed in 3.12; aiosmtpd is not a dependency.)

A port nobody listens on refuses connections; `SilentServer` accepts them and never answers."""

import socket
import socketserver
import threading
from email import message_from_bytes
from email.message import Message


def free_port() -> int:
    """A port on 127.0.0.1 that nobody listens on now: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Session(socketserver.StreamRequestHandler):
    timeout = 10

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self._reply("220 localhost test SMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._reply("250-localhost")
                self._reply("250 8BITMIME")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.server.messages.append(message_from_bytes(b"".join(lines)))
                self._reply("250 Queued")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Not implemented")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SMTPServer:
    """Listens on 127.0.0.1:`port` in a thread while used as a context manager."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[Message] = []

    def __enter__(self) -> "SMTPServer":
        self._server = _Server(("127.0.0.1", self.port), _Session)
        self._server.messages = self.messages
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class SilentServer:
    """Accepts connections (the kernel completes them from the backlog) and never answers."""

    def __enter__(self) -> "SilentServer":
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(8)
        self.port = self._socket.getsockname()[1]
        return self

    def __exit__(self, *exc_info) -> None:
        self._socket.close()
