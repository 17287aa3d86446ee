"""Faults on demand for tests/integration/test_faults.py, made with the test's own processes on free
loopback ports, never by stopping the shared PostgreSQL or Redis:

* ``RedisServer``: a private, memory-only ``redis-server`` that can be killed and started again;
* ``TcpProxy``: a forwarder in front of PostgreSQL whose ``cut()`` drops every connection and refuses
  new ones (what the application sees while the database restarts) until ``restore()``;
* ``SmtpSink``: a minimal SMTP server that keeps the messages it receives;
* ``Site`` and ``Worker``: gunicorn and a Celery worker with production settings, pointed at those.
"""

import base64
import contextlib
import email
import email.policy
import http.client
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

import redis

from tests.services import REPO_DIR

HOST = "example.org"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def accepts(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(0.1)


# --- Redis ----------------------------------------------------------------------------------------


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, 10, f"redis-server on port {self.port} did not start")

    def kill(self):
        """SIGKILL: the server disappears as in a crash, with every connection and key."""
        self.process.kill()
        self.process.wait(timeout=10)

    def take_queued(self, queue="celery"):
        """Remove the messages waiting in ``queue``; return each as (task name, keyword arguments)."""
        client = redis.Redis.from_url(self.url)
        tasks = []
        while raw := client.rpop(queue):
            message = json.loads(raw)
            _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            tasks.append((message["headers"]["task"], kwargs))
        return tasks

    def _answers(self):
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False


# --- PostgreSQL behind a proxy that can be cut ----------------------------------------------------


class TcpProxy:
    """Forwards 127.0.0.1:<port> to ``target``; ``cut()`` simulates a database restart."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._sockets = set()
        self._lock = threading.Lock()
        self._listener = None

    def start(self):
        if self._listener is not None:
            return  # already accepting
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    restore = start

    def cut(self):
        """Stop listening (new connections are refused) and drop every open connection."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _close(sock)

    stop = cut

    def _accept(self, listener):
        while self._listener is listener:
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets |= {client, upstream}
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source, destination):
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        for sock in (source, destination):
            _close(sock)
            with self._lock:
                self._sockets.discard(sock)


def _close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


# --- SMTP -----------------------------------------------------------------------------------------


class SmtpSink:
    """Just enough of RFC 5321 for smtplib: keeps each message, parsed, in ``messages``."""

    def __init__(self, port):
        self.port = port
        self.messages = []
        self._server = None

    def start(self):
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 sink ready")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        data = []
                        while (body_line := self.rfile.readline()) not in (b".\r\n", b""):
                            data.append(body_line[1:] if body_line.startswith(b"..") else body_line)
                        sink.messages.append(email.message_from_bytes(b"".join(data), policy=email.policy.default))
                        self.reply("250 queued")
                    elif verb == b"QUIT":
                        self.reply("221 bye")
                        return
                    else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


# --- gunicorn and a Celery worker with production settings ----------------------------------------


class _Process:
    READY_TIMEOUT = 90

    def __init__(self, command, env, log_path, ready_text):
        self.command, self.env, self.log_path, self.ready_text = command, env, log_path, ready_text
        self.process = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=REPO_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(self.is_ready, self.READY_TIMEOUT, lambda: f"{self.command[2]} did not start:\n{self.log()}")

    def is_ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"{self.command[2]} exited with {self.process.returncode}:\n{self.log()}")
        return self.ready_text in self.log()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class Site(_Process):
    """gunicorn (deploy/gunicorn.conf.py) with one sync worker, spoken to as nginx would over HTTPS."""

    def __init__(self, env, log_path):
        self.port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "cms.wsgi:application"]
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "1"}
        super().__init__(command, env, log_path, "Booting worker")

    def is_ready(self):
        return super().is_ready() and accepts(self.port)

    def request(self, method, path, *, session=None, data=None):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"}
        body = None
        if session:
            headers["Cookie"] = f"sessionid={session}; csrftoken={CSRF_SECRET}"
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}{path}"
            body = urlencode({**data, "csrfmiddlewaretoken": CSRF_SECRET}, doseq=True)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response, response.read().decode(errors="replace")
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)


# A CSRF secret chosen by the test: Django accepts the unmasked secret as the form token.
CSRF_SECRET = "faultsfaultsfaultsfaultsfaults12"


class Worker(_Process):
    def __init__(self, env, log_path):
        command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "--loglevel=INFO", "--pool=prefork"]
        command += ["--concurrency=1", "-n", f"faults-{free_port()}@%h"]
        super().__init__(command, env, log_path, " ready.")
