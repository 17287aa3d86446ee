"""The simulated people of the load run; bench/load.py starts ``locust --headless`` with this file.

Two kinds of user, against one gunicorn on loopback:

* ``Visitor`` (``fixed_count``: spawned first, browsing all along) — anonymous: home, the scene
  catalogue with filters, scene pages, search for 养老, the contest page; a short pause between pages.
* ``TeamLeader`` (one per leader in the plan, arriving after the visitors) — the deadline rush: the
  login form (CSRF), the entry's edit form, a draft save naming the version it started from, the
  entry page, the submission (the version again), the receipt. Then the user stops for good.
  A leader whose plan carries a ``session`` arrives signed in ("记住我" days before) and starts
  at the edit form; the others log in through the form (the cost of a login, reported apart).
* ``Uploads`` (one, if the plan has uploaders) — ``upload_at`` seconds into the run, every
  uploader (signed in) opens the entry page and uploads a proposal PDF of ``upload_bytes``, all at
  once, each from its own connection; the PDF is generated while it is sent (never held in
  memory) and its SHA-256 computed on the way, so the check afterwards can compare what was
  stored. Meanwhile a probe asks for a cheap page every 0.2 s: how long a request waits while
  uploads are in flight.

Everything comes from the JSON plan named by ``LOAD_PLAN`` (bench/load.py writes it). Every request
is appended to the plan's ``records`` file as one JSON line, with what the check afterwards needs:
the entry and version of a saved draft, the entry and receipt code of a submission. The run stops
itself after ``--run-time``, after ``max_requests`` requests, or (``stop_after_rush``) once every
leader is done, whichever comes first.

Requests carry what nginx would add in production (deploy/nginx.conf): ``X-Forwarded-Proto: https``
(so the production settings neither redirect nor refuse the Secure cookies) and ``X-Real-IP`` (one
address per simulated person, as the failed-login throttle sees real people).
"""

import hashlib
import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit

import gevent
from locust import HttpUser, between, events, task
from locust.clients import HttpSession
from locust.exception import StopUser

from bench.html_forms import find_form

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
_leaders = iter(PLAN["leaders"])
_records = open(PLAN["records"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open for the whole run
_counter = itertools.count(1)
_stopping = []
_runner = []
_finished = []  # entries whose leader is done, successfully or not
_uploads_done = [] if PLAN.get("uploaders") else [True]
_uploads_started = []
RECEIPT = re.compile(r"/portal/entries/(?P<uuid>[0-9a-f-]{36})/receipts/(?P<code>[^/]+)/$")


@events.request.add_listener
def record(request_type, name, response_time, response_length, response, context, exception, start_time, **_kw):
    status = getattr(response, "status_code", 0) or 0
    line = {
        "t": round(start_time, 4),
        "method": request_type,
        "name": name,
        "ms": round(response_time, 2),
        "status": status,
        "ok": exception is None,
        "error": "" if exception is None else str(exception)[:200],
        **(context or {}),
    }
    _records.write(json.dumps(line, ensure_ascii=False) + "\n")
    if next(_counter) >= PLAN["max_requests"]:
        stop_everyone()  # the request bound


def stop_everyone():
    """End the run now (requests in flight are recorded as they finish or are cut)."""
    if not _stopping and _runner:
        _stopping.append(True)
        gevent.spawn(_runner[0].quit)


@events.init.add_listener
def keep_runner(environment, **_kw):
    _runner.append(environment.runner)


def maybe_stop():
    """With ``stop_after_rush``: end the run once every leader and the uploads are done."""
    if PLAN["stop_after_rush"] and len(_finished) == len(PLAN["leaders"]) and _uploads_done:
        stop_everyone()


def signed_in(client, host, session_key):
    """Give ``client`` the session cookie made beforehand (bench/load.py ``make_sessions``)."""
    client.cookies.set(PLAN["session_cookie"], session_key, domain=urlsplit(host).hostname, path="/")


class Person(HttpUser):
    abstract = True

    def start_session(self, address, client=None):
        (client or self.client).headers.update({"X-Forwarded-Proto": "https", "X-Real-IP": address})

    def call(self, method, name, path, *, scenario, expect, location=None, context=None, client=None, **kwargs):
        """One request; ``expect`` the status, ``location`` a check of the redirect's target.

        ``context`` is recorded with the request (bench/load.py checks saves and submissions by it).
        ``client``: another HTTP session than the user's own (the uploads).
        """
        client = client or self.client
        # The site's cookies are Secure; on loopback the TLS of production is nginx's, so send them anyway.
        for cookie in client.cookies:
            cookie.secure = False
        context = {"scenario": scenario, **(context or {})}
        page = urlsplit(path).path  # ``path`` may name another server (the upload pool): the page is the site's
        headers = {"Referer": f"https://{urlsplit(self.host).netloc}{page}"} if method == "POST" else {}
        headers.update(kwargs.pop("headers", {}))
        with client.request(
            method,
            path,
            name=f"{scenario}: {name}",
            catch_response=True,
            allow_redirects=False,
            headers=headers,
            context=context,
            **kwargs,
        ) as response:
            where = response.headers.get("Location", "")
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code} (expected {expect}) {where}".strip())
            elif location is not None and not location(where):
                response.failure(f"redirected to {where}")
            return response


class Visitor(Person):
    """Anonymous public browsing, all through the run."""

    fixed_count = PLAN["visitors"]
    wait_time = between(*PLAN["browse_think"])

    def on_start(self):
        self.start_session(f"198.51.100.{random.randint(1, 254)}")

    def browse(self, name, path):
        self.call("GET", name, path, scenario="browse", expect=200)

    @task(3)
    def home(self):
        self.browse("home", "/")

    @task(3)
    def listing(self):
        self.browse("scene listing + filters", random.choice(PLAN["listings"]))

    @task(3)
    def scene(self):
        self.browse("scene page", random.choice(PLAN["scenes"]))

    @task(2)
    def search(self):
        self.browse("search 养老", "/search/?q=" + quote("养老"))

    @task(2)
    def contest(self):
        self.browse("contest page", PLAN["contest_page"])


class TeamLeader(Person):
    """One leader's last minutes: log in, edit, save the draft, submit, read the receipt. Once."""

    weight = 1
    wait_time = between(0, 0)

    def on_start(self):
        self.leader = next(_leaders, None)
        if self.leader is None:
            raise StopUser()
        self.start_session(self.leader["ip"])
        if self.leader.get("session"):
            signed_in(self.client, self.host, self.leader["session"])

    def think(self):
        time.sleep(random.uniform(*PLAN["rush_think"]))

    @task
    def rush(self):
        if self.leader.get("done"):
            raise StopUser()
        self.leader["done"] = True
        try:
            self.flow(self.leader, "rush")
        finally:
            _finished.append(self.leader["entry"])
            maybe_stop()
        raise StopUser()

    def log_in(self, leader, then, scenario):
        """Through the login form (CSRF), ticking 记住我; True once redirected to ``then``."""
        login_path = "/accounts/login/?next=" + quote(then)
        response = self.call("GET", "login form", login_path, scenario=scenario, expect=200)
        fields = find_form(response.text, has_field="password")
        if fields is None:
            return False
        data = [(k, v) for k, v in fields if k not in ("username", "password", "remember")]
        data += [("username", leader["email"]), ("password", leader["password"]), ("remember", "on")]
        response = self.call(
            "POST", "log in", login_path, scenario=scenario, expect=302, location=lambda to: to == then, data=data
        )
        if not response.ok or response.status_code != 302:
            return False
        self.think()
        return True

    def flow(self, leader, scenario):
        entry = leader["entry"]
        edit, detail = f"/portal/entries/{entry}/edit/", f"/portal/entries/{entry}/"
        if not leader.get("session") and not self.log_in(leader, edit, scenario):
            return

        response = self.call("GET", "edit form", edit, scenario=scenario, expect=200)
        fields = find_form(response.text, has_field="version") if response.status_code == 200 else None
        if fields is None:
            return
        base = int(dict(fields)["version"])
        stamp = time.strftime("%H:%M:%S")
        data = [(k, f"{v}（终稿 {PLAN['token']} {stamp}）" if k == "approach" else v) for k, v in fields]
        self.think()
        response = self.call(
            "POST",
            "save draft",
            edit,
            scenario=scenario,
            expect=302,
            location=lambda to: to == detail,
            context={"entry": entry, "version": base + 1, "kind": "save"},
            data=data,
        )
        if response.status_code != 302 or response.headers.get("Location") != detail:
            return

        self.call("GET", "entry page", detail, scenario=scenario, expect=200)
        # 提交作品 opens the review page; its form confirms the submission.
        review = f"/portal/entries/{entry}/submit/"
        response = self.call("GET", "submit review", review, scenario=scenario, expect=200)
        fields = find_form(response.text, action_end="/submit/") if response.status_code == 200 else None
        if fields is None:
            return
        self.think()
        submitted = {}

        def to_receipt(to):
            match = RECEIPT.search(to)
            if match is None or match["uuid"] != entry:
                return False
            submitted["code"] = match["code"]
            return True

        response = self.call(
            "POST",
            "submit",
            f"/portal/entries/{entry}/submit/",
            scenario=scenario,
            expect=302,
            location=to_receipt,
            context={"entry": entry, "kind": "submit", "version": int(dict(fields).get("version") or 0)},
            data=fields,  # holds the hidden confirm=yes of the review form
        )
        if "code" in submitted:
            # The receipt code is known once the redirect is read: one more line for the check.
            _records.write(json.dumps({"receipt": submitted["code"], "entry": entry}) + "\n")
            self.call("GET", "receipt", urlsplit(response.headers["Location"]).path, scenario=scenario, expect=200)


# --- uploads during the rush ------------------------------------------------------------------------------


class GeneratedPdf:
    """A valid PDF of exactly ``size`` bytes, made while it is read: one page showing one RGB image
    whose samples are pseudo-random from ``seed`` (so every upload differs and nothing compresses).
    ``sha256`` is complete once everything has been read."""

    WIDTH = 2000

    def __init__(self, size, seed):
        self.random = random.Random(seed)
        self.digest = hashlib.sha256()
        content = b"q 500 0 0 700 50 70 cm /Im1 Do Q"
        bodies = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(bodies, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        offsets.append(len(out))
        # Rows of the image up to ``size`` less room for the rest; blank lines before the xref fill the gap.
        height = (size - len(out) - 1000) // (3 * self.WIDTH)
        self.data_len = 3 * self.WIDTH * height
        out += b"5 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB " % (
            self.WIDTH,
            height,
        )
        out += b"/BitsPerComponent 8 /Length %d >>\nstream\n" % self.data_len
        self.prefix = bytes(out)
        before = b"\nendstream\nendobj\n"

        def xref_block(at):
            entries = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
            return (
                b"xref\n0 6\n0000000000 65535 f \n"
                + entries
                + b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % at
            )

        base = len(self.prefix) + self.data_len + len(before)
        padding = size - base - len(xref_block(base))
        self.suffix = before + b"\n" * padding + xref_block(base + padding)
        self.size = len(self.prefix) + self.data_len + len(self.suffix)

    def chunks(self, block=64 * 1024):
        yield self.prefix
        left = self.data_len
        while left:
            n = min(block, left)
            yield self.random.randbytes(n)
            left -= n
        yield self.suffix


class StreamedUpload:
    """A multipart/form-data body (CSRF token, then the file) read by ``requests`` in blocks, with a
    length known beforehand; ``bytes_per_s`` > 0 paces it like a slow connection."""

    def __init__(self, token, name, pdf, bytes_per_s=0):
        self.boundary = uuid.uuid4().hex
        self.pdf = pdf
        head = (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        foot = f"\r\n--{self.boundary}--\r\n".encode()
        self.length = len(head) + pdf.size + len(foot)
        self.parts = itertools.chain([head], self._hashed(pdf.chunks()), [foot])
        self.buffer = b""
        self.bytes_per_s = bytes_per_s
        self.started = None
        self.sent = 0

    def _hashed(self, chunks):
        for chunk in chunks:
            self.pdf.digest.update(chunk)
            yield chunk

    def __len__(self):
        return self.length

    def read(self, size=-1):
        if self.started is None:
            self.started = time.monotonic()
        while (size < 0 or len(self.buffer) < size) and (part := next(self.parts, None)) is not None:
            self.buffer += part
        if size < 0:
            size = len(self.buffer)
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        self.sent += len(out)
        if self.bytes_per_s:
            ahead = self.sent / self.bytes_per_s - (time.monotonic() - self.started)
            if ahead > 0:
                gevent.sleep(ahead)
        return out

    @property
    def content_type(self):
        return f"multipart/form-data; boundary={self.boundary}"


class Uploads(Person):
    """All the uploaders at once, ``upload_at`` s into the run, and a probe while they are in flight."""

    fixed_count = 1 if PLAN.get("uploaders") else 0
    wait_time = between(0, 0)

    @task
    def upload_all(self):
        if _uploads_started:  # locust may start the user again after its StopUser: once only
            raise StopUser()
        _uploads_started.append(True)
        gevent.sleep(PLAN["upload_at"])
        uploading = [gevent.spawn(self.upload, number, u) for number, u in enumerate(PLAN["uploaders"])]
        probe = gevent.spawn(self.probe, uploading)
        gevent.joinall([*uploading, probe])
        _uploads_done.append(True)
        maybe_stop()
        raise StopUser()

    def probe(self, uploading):
        """A cheap page (the cached catalogue listing) every 0.2 s while any upload is in flight."""
        client = HttpSession(self.host, request_event=self.environment.events.request, user=self)
        self.start_session("203.0.113.7", client)
        while not all(g.dead for g in uploading):
            self.call("GET", "during uploads", "/scenes/", scenario="probe", expect=200, client=client)
            gevent.sleep(0.2)

    def upload(self, number, uploader):
        client = HttpSession(self.host, request_event=self.environment.events.request, user=self)
        self.start_session(uploader["ip"], client)
        signed_in(client, self.host, uploader["session"])
        entry = uploader["entry"]
        detail = f"/portal/entries/{entry}/"
        response = self.call("GET", "entry page", detail, scenario="upload", expect=200, client=client)
        fields = find_form(response.text, action_end="/files/upload/proposal/") if response.status_code == 200 else None
        if fields is None:
            return
        pdf = GeneratedPdf(PLAN["upload_bytes"], seed=f"{PLAN['token']}-{number}")
        body = StreamedUpload(dict(fields)["csrfmiddlewaretoken"], f"方案书-{number}.pdf", pdf, PLAN["upload_bps"])
        context = {"entry": entry, "kind": "upload"}
        # ``upload_host``: a gunicorn pool of its own for uploads, as an nginx location would route them
        # (bench/load.py --upload-workers); the Host header stays the site's.
        upload_url = PLAN.get("upload_host", "") + f"/portal/entries/{entry}/files/upload/proposal/"
        response = self.call(
            "POST",
            "upload proposal",
            upload_url,
            scenario="upload",
            expect=302,
            location=lambda to: to == detail,
            context=context,
            client=client,
            data=body,
            headers={"Content-Type": body.content_type, "Host": urlsplit(self.host).netloc},
        )
        if response.status_code == 302:
            # What was sent, for the check against what was stored (the request's line is written already).
            line = {"upload": entry, "sha256": pdf.digest.hexdigest(), "size": pdf.size, "sent": body.sent}
            _records.write(json.dumps(line) + "\n")
            # The message the team sees names the stored hash's beginning.
            page = self.call("GET", "entry page after", detail, scenario="upload", expect=200, client=client)
            _records.write(json.dumps({"upload_page": entry, "shown": pdf.digest.hexdigest()[:16] in page.text}) + "\n")
