"""Setting up divisions (分赛区): adding a manager, chosen by e-mail, who is then e-mailed a link to
the division's workspace (/division/…)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from cms.tasks import enqueue
from contests.rules import is_organiser
from contests.services import ContestError
from contests.services.audit import record


def add_manager(division, email, *, actor):
    """Make the account with ``email`` a manager of ``division``; return the user."""
    if not is_organiser(actor):
        raise ContestError(_("只有大赛组织者可以设置分赛区管理员。"), code="forbidden")
    email = (email or "").strip()
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None:
        raise ContestError(_("没有使用该邮箱的有效账号；请对方先注册账号，再添加为分赛区管理员。"), code="no_account")
    with transaction.atomic():
        if division.managers.filter(pk=user.pk).exists():
            raise ContestError(_("%(email)s 已是该分赛区的管理员。") % {"email": user.email}, code="already")
        division.managers.add(user)
        record(
            "division.manager_added", division, actor=actor, contest=division.contest,
            after={"manager": user.pk},
        )  # fmt: skip
        enqueue("contests.send_division_manager_notice", division_id=division.pk, user_id=user.pk)
    return user


def remove_manager(division, user, *, actor):
    if not is_organiser(actor):
        raise ContestError(_("只有大赛组织者可以设置分赛区管理员。"), code="forbidden")
    with transaction.atomic():
        division.managers.remove(user)
        record(
            "division.manager_removed", division, actor=actor, contest=division.contest,
            before={"manager": user.pk},
        )  # fmt: skip


def send_manager_notice(division, user):
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse

    from cms.links import absolute_url

    link = absolute_url(
        reverse(
            "contests:divisions:dashboard",
            kwargs={"contest_slug": division.contest.slug, "division_slug": division.slug},
        )
    )
    context = {"division": division, "user": user, "link": link}
    subject = "".join(render_to_string("contests/emails/division_manager_subject.txt", context).splitlines())
    body = render_to_string("contests/emails/division_manager_body.txt", context)
    EmailMessage(subject, body, None, [user.email]).send()
