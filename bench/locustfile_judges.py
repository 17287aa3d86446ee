"""Locust scenario of bench/load_judges.py: judges scoring at once (and, optionally, public visitors).

Not meant to be started by hand: bench/load_judges.py writes the plan (judge logins, their assignment
codes, the rubric's fields) and runs ``locust --headless`` with ``LOAD_PLAN`` pointing at it. It reuses
bench/locustfile.py's request recording, form parsing and anonymous ``Visitor`` (imported below, so
that locust runs them too when ``visitors`` > 0); that file's team leaders are not imported and do not run.

Each simulated judge, once: logs in through the form, opens the portal (redirected to the round's
list), then for each of their assignments in the plan — opens it (the no-conflict declaration page),
declares no conflict, opens the score form, saves a draft with the form's version, reads the page
again (the draft's message and the next version), submits with that version and reads the page
again. With ``double_submit`` the last submit of each judge is sent twice at the same moment (a
double click, two tabs): exactly one must count.

What the clients saw succeed is written to the records file as extra lines (``saved``, ``submitted``,
``double``), for bench/load_judges.py to check against the database afterwards.
"""

import json
import random
import re
import time

import gevent
from locust import between, task
from locust.exception import StopUser

from bench.html_forms import find_form
from bench.locustfile import PLAN, Person, stop_everyone
from bench.locustfile import _records as records

if PLAN["visitors"]:
    from bench.locustfile import Visitor  # noqa: F401 - locust runs every user class found here

_judges = iter(PLAN["judges"])
_finished = []
SAVED_MESSAGE = "评分草稿已保存。"
SUBMITTED_MESSAGE = "评分已提交。"
ROUND_LINK = re.compile(r"/judging/rounds/(\d+)/$")


def note(**line):
    records.write(json.dumps(line, ensure_ascii=False) + "\n")


class Judge(Person):
    """One judge: log in, the round's list, then declare, draft, submit for each planned assignment."""

    weight = 1
    wait_time = between(0, 0)

    def on_start(self):
        self.judge = next(_judges, None)
        if self.judge is None:
            raise StopUser()
        self.start_session(self.judge["ip"])

    def think(self):
        time.sleep(random.uniform(*PLAN["judge_think"]))

    @task
    def score_all(self):
        if self.judge.get("done"):
            raise StopUser()
        self.judge["done"] = True
        try:
            self.flow(self.judge)
        finally:
            _finished.append(self.judge["email"])
            if PLAN["stop_after_judges"] and len(_finished) == len(PLAN["judges"]):
                stop_everyone()
        raise StopUser()

    def flow(self, judge):
        scenario = "judging"
        login_path = "/accounts/login/?next=/judging/"
        response = self.call("GET", "login form", login_path, scenario=scenario, expect=200)
        fields = find_form(response.text, has_field="password")
        if fields is None:
            return
        data = [(k, v) for k, v in fields if k not in ("username", "password")]
        data += [("username", judge["email"]), ("password", judge["password"])]
        portal = "/judging/"
        response = self.call(
            "POST", "log in", login_path, scenario=scenario, expect=302, location=lambda to: to == portal, data=data
        )
        if response.status_code != 302:
            return
        round_path = f"/judging/rounds/{judge['round']}/"
        if judge["rounds"] == 1:  # the portal goes straight to the judge's only round
            self.call("GET", "portal", portal, scenario=scenario, expect=302, location=lambda to: to == round_path)
        else:  # a judge of several rounds (or contests) chooses one from the portal's list
            response = self.call("GET", "portal", portal, scenario=scenario, expect=200)
            if round_path not in response.text:
                note(missing=round_path, judge=judge["email"])
                return
        response = self.call("GET", "round list", round_path, scenario=scenario, expect=200)
        if response.status_code != 200:
            return
        codes = judge["codes"]
        for number, code in enumerate(codes):
            if f"/judging/a/{code}/" not in response.text:
                note(missing=code, judge=judge["email"])  # reported by the check
                continue
            self.think()
            self.score_one(code, scenario, double=PLAN["double_submit"] and number == len(codes) - 1)

    def score_one(self, code, scenario, *, double):
        page = f"/judging/a/{code}/"
        response = self.call("GET", "declaration page", page, scenario=scenario, expect=200)
        fields = find_form(response.text, action_end="/declare/") if response.status_code == 200 else None
        if fields is None:
            return
        data = [*fields, ("confirm", "on")]
        response = self.call(
            "POST", "declare no conflict", page + "declare/", scenario=scenario, expect=302,
            location=lambda to: to == page, data=data,
        )  # fmt: skip
        if response.status_code != 302:
            return
        response = self.call("GET", "score form", page, scenario=scenario, expect=200)
        fields = find_form(response.text, has_field="version") if response.status_code == 200 else None
        if fields is None:
            return

        # A draft: about half the criteria filled in, a short comment.
        version = int(dict(fields)["version"])
        draft = {c["field"]: self.value(c["max"]) for c in PLAN["criteria"] if random.random() < 0.5}
        self.think()
        if not self.post_score(page, fields, draft, f"草稿 {PLAN['token']}", "save", "save draft", code, version):
            return
        response = self.call("GET", "score form after save", page, scenario=scenario, expect=200)
        fields = find_form(response.text, has_field="version") if response.status_code == 200 else None
        if fields is None:
            return
        saved_version = int(dict(fields)["version"])
        if SAVED_MESSAGE in response.text:
            note(saved=code, version=saved_version, values=draft)

        # The submission: every criterion, a comment long enough, the version the page carries now.
        final = {c["field"]: self.value(c["max"]) for c in PLAN["criteria"]}
        comment = f"负载测试评语 {PLAN['token']} {code}：" + "方案思路清晰，数据使用合理，建议补充实施细节。" * 2
        self.think()
        if double:
            posts = [
                gevent.spawn(
                    self.post_score, page, fields, final, comment, "submit", "submit (double)", code, saved_version
                )
                for _ in range(2)
            ]
            gevent.joinall(posts)
            if not all(post.value for post in posts):
                return
        elif not self.post_score(page, fields, final, comment, "submit", "submit", code, saved_version):
            return
        response = self.call("GET", "score form after submit", page, scenario=scenario, expect=200)
        if response.status_code != 200:
            return
        if double:
            # Which of the two answered first is not told apart: the page must show the score submitted.
            if "不能再修改" in response.text:
                note(double=code, version=saved_version, values=final, comment=comment)
        elif SUBMITTED_MESSAGE in response.text:
            note(submitted=code, version=saved_version, values=final, comment=comment)

    @staticmethod
    def value(top):
        return f"{random.randint(0, int(top) * 2) / 2:.1f}"

    def post_score(self, page, fields, values, comment, action, name, code, version):
        data = [(k, v) for k, v in fields if k != "comment" and not k.startswith("criterion_")]
        data += [("comment", comment), ("action", action), *values.items()]
        if action == "submit":
            data.append(("confirm", "yes"))  # the confirmation step, answered as the judge would
        response = self.call(
            "POST", name, page, scenario="judging", expect=302, location=lambda to: to.split("#")[0] == page,
            context={"code": code, "version": version, "kind": action}, data=data,
        )  # fmt: skip
        return response.status_code == 302
