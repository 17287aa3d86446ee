"""The simulated people of the load run; bench/load.py starts ``locust --headless`` with this file.

Two kinds of user, against one gunicorn on loopback:

* ``Visitor`` (``fixed_count``: spawned first, browsing all along) — anonymous: home, the scene
  catalogue with filters, scene pages, search for 养老, the contest page; a short pause between pages.
* ``TeamLeader`` (one per leader in the plan, arriving after the visitors) — the deadline rush: the
  login form (CSRF), the entry's edit form, a draft save naming the version it started from, the
  entry page, the submission (the version again), the receipt. Then the user stops for good.

Everything comes from the JSON plan named by ``LOAD_PLAN`` (bench/load.py writes it). Every request
is appended to the plan's ``records`` file as one JSON line, with what the check afterwards needs:
the entry and version of a saved draft, the entry and receipt code of a submission. The run stops
itself after ``--run-time``, after ``max_requests`` requests, or (``stop_after_rush``) once every
leader is done, whichever comes first.

Requests carry what nginx would add in production (deploy/nginx.conf): ``X-Forwarded-Proto: https``
(so the production settings neither redirect nor refuse the Secure cookies) and ``X-Real-IP`` (one
address per simulated person, as the failed-login throttle sees real people).
"""

import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
_leaders = iter(PLAN["leaders"])
_records = open(PLAN["records"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open for the whole run
_counter = itertools.count(1)
_stopping = []
_runner = []
_finished = []  # entries whose leader is done, successfully or not
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


class Forms(HTMLParser):
    """The forms of a page: action and the fields a browser would send (checked boxes, selected options)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = None
        self._textarea = None
        self._select_first = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.forms[-1]["fields"].append((attrs["name"], attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.forms[-1]["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], False]
            self._select_first = None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self.forms[-1]["fields"].append((self._select[0], value))
                self._select[1] = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            self.forms[-1]["fields"].append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select[1] and self._select_first is not None:
                self.forms[-1]["fields"].append((self._select[0], self._select_first))
            self._select = None


def find_form(html, *, action_end=None, has_field=None):
    for form in Forms(html).forms:
        names = {name for name, _value in form["fields"]}
        if action_end is not None and not form["action"].split("?")[0].endswith(action_end):
            continue
        if has_field is not None and has_field not in names:
            continue
        return form["fields"]
    return None


class Person(HttpUser):
    abstract = True

    def start_session(self, address):
        self.client.headers.update({"X-Forwarded-Proto": "https", "X-Real-IP": address})

    def call(self, method, name, path, *, scenario, expect, location=None, context=None, **kwargs):
        """One request; ``expect`` the status, ``location`` a check of the redirect's target.

        ``context`` is recorded with the request (bench/load.py checks saves and submissions by it).
        """
        # The site's cookies are Secure; on loopback the TLS of production is nginx's, so send them anyway.
        for cookie in self.client.cookies:
            cookie.secure = False
        context = {"scenario": scenario, **(context or {})}
        headers = {"Referer": f"https://{urlsplit(self.host).netloc}{path}"} if method == "POST" else {}
        with self.client.request(
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
            if PLAN["stop_after_rush"] and len(_finished) == len(PLAN["leaders"]):
                stop_everyone()
        raise StopUser()

    def flow(self, leader, scenario):
        entry = leader["entry"]
        edit, detail = f"/portal/entries/{entry}/edit/", f"/portal/entries/{entry}/"
        login_path = "/accounts/login/?next=" + quote(edit)

        response = self.call("GET", "login form", login_path, scenario=scenario, expect=200)
        fields = find_form(response.text, has_field="password")
        if fields is None:
            return
        data = [(k, v) for k, v in fields if k not in ("username", "password")]
        data += [("username", leader["email"]), ("password", leader["password"])]
        response = self.call(
            "POST", "log in", login_path, scenario=scenario, expect=302, location=lambda to: to == edit, data=data
        )
        if not response.ok or response.status_code != 302:
            return
        self.think()

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
