"""Celery tasks of the contest app, one module per kind of work (Celery's autodiscovery imports this
package, so each module is named here): ``mail`` (accounts, teams, entries, judges), ``appeals``
(result notices and appeals), ``due_diligence`` (winner due diligence e-mails), ``exports``,
``datadesk`` (the data desk's sweep and e-mails), ``finalists`` (finalist confirmation: its sweep and
e-mails), ``surveys`` (tracking survey reminders), ``adoption`` (落地 review e-mails), ``experts``
(专家库 decisions and invitations), ``identity`` (实名 purge and review e-mails, unit vetting
e-mails), ``votes`` (the public vote's e-mail to a team whose votes were voided). ``base`` holds
the retry policy they share."""

from contests.tasks import (
    adoption,
    appeals,
    datadesk,
    divisions,
    due_diligence,
    experts,
    exports,
    finalists,
    identity,
    mail,
    surveys,
    votes,
)

__all__ = [
    "adoption",
    "appeals",
    "datadesk",
    "divisions",
    "due_diligence",
    "experts",
    "exports",
    "finalists",
    "identity",
    "mail",
    "surveys",
    "votes",
]
