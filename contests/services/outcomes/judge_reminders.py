"""Daily reminders to judges who still have unfinished assignments in an open round.

The periodic task (hourly, see ``CELERY_BEAT_SCHEDULE``) calls ``send_judge_reminders``; it decides
who is due, so running it late, twice or concurrently is harmless:

* due: an active judge with at least one active assignment without a submitted score in a round
  that is open now (``opens_at <= now < closes_at``);
* at most one reminder per judge per calendar day (Beijing time): ``JudgeReminder(judge, sent_on)``
  is unique and the row is written in the same transaction as the e-mail is sent, so a concurrent
  run waits for it and then skips the judge; a failed e-mail rolls the row back and is retried
  on the next run.

The e-mail names the contest, the rounds, how many entries are left and the judging link; never an
entry or a team (judging is blind).
"""

import logging
from collections import defaultdict

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.links import absolute_url
from contests import models

logger = logging.getLogger(__name__)


def unfinished_by_judge(now):
    """``{judge_id: {round_id: unfinished}}`` for the rounds open at ``now`` (one query)."""
    rows = (
        models.Assignment.objects.filter(
            state=models.AssignmentState.ACTIVE,
            judge__status=models.JudgeStatus.ACTIVE,
            round__opens_at__lte=now,
            round__closes_at__gt=now,
        )
        .filter(Q(score__isnull=True) | ~Q(score__status=models.ScoreStatus.SUBMITTED))
        .order_by()
        .values("judge_id", "round_id")
        .annotate(n=Count("pk"))
    )
    result = defaultdict(dict)
    for row in rows:
        result[row["judge_id"]][row["round_id"]] = row["n"]
    return result


def send_judge_reminders(now=None):
    """E-mail each due judge not yet reminded today; return how many reminders were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = unfinished_by_judge(now)
    if not due:
        return 0
    already = set(
        models.JudgeReminder.objects.filter(sent_on=today, judge_id__in=due).values_list("judge_id", flat=True)
    )
    judges = models.JudgeProfile.objects.select_related("contest").in_bulk(set(due) - already)
    round_ids = {round_id for rounds in due.values() for round_id in rounds}
    rounds = models.Round.objects.in_bulk(round_ids)
    sent = 0
    for judge_id in sorted(judges):
        judge = judges[judge_id]
        lines = sorted(
            ((rounds[round_id], count) for round_id, count in due[judge_id].items()),
            key=lambda item: (item[0].closes_at, item[0].pk),
        )
        sent += _remind(judge, lines, today)
    return sent


def remind_judge(judge, lines, today):
    """Remind one judge now (a lead judge's reminder): 1 if sent, 0 if already reminded today.
    ``lines``: [(round, unfinished count)]."""
    return _remind(judge, lines, today)


def _remind(judge, lines, today):
    unfinished = sum(count for _round, count in lines)
    try:
        with transaction.atomic():
            models.JudgeReminder.objects.create(judge=judge, sent_on=today, unfinished=unfinished)
            _send_mail(judge, lines, unfinished)
    except IntegrityError:
        return 0  # a concurrent run reminded this judge today
    except Exception:
        # The reminder row is rolled back with the failed e-mail: the next run tries again.
        logger.exception("Reminder to judge %s not sent", judge.pk)
        return 0
    return 1


def _send_mail(judge, lines, unfinished):
    url = absolute_url(reverse("contests:judging:dashboard"))
    context = {
        "judge": judge,
        "contest": judge.contest,
        "rounds": [{"round": round_, "count": count} for round_, count in lines],
        "unfinished": unfinished,
        "url": url,
    }
    subject = _("【%(contest)s】评审提醒：您还有 %(count)d 件作品待评审") % {
        "contest": judge.contest.name,
        "count": unfinished,
    }
    body = render_to_string("contests/email/judge_reminder.txt", context)
    send_mail(subject, body, None, [judge.email])
