"""Who may see and download an export, as named predicates (registered with ``rules``).

Organisers run every contest (``contests.rules.is_organiser``: superusers and the 大赛组织者 group),
so "the requester or any organiser of that contest" is today every organiser; the requester must
still be one, so a requester who lost the role loses the file. Should organisers become
per-contest, ``is_contest_organiser`` is the one place to change.
"""

import rules

from contests.rules import is_organiser


@rules.predicate
def is_export_requester(user, job):
    return job is not None and bool(user and user.is_authenticated) and job.requested_by_id == user.pk


@rules.predicate
def is_contest_organiser(user, job):
    return job is not None and is_organiser(user)


can_download_export = is_organiser & (is_export_requester | is_contest_organiser)
can_request_export = is_organiser

rules.add_rule("contests.download_export", can_download_export)
rules.add_rule("contests.request_export", can_request_export)


def exports_visible_to(user):
    """The jobs a user may list: every job for organisers, none for anyone else."""
    from contests.models import ExportJob

    if not is_organiser(user):
        return ExportJob.objects.none()
    return ExportJob.objects.all()
