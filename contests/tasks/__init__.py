"""Celery tasks of the contest app, one module per kind of work (Celery's autodiscovery imports this
package, so each module is named here): ``mail`` (accounts, teams, entries, judges), ``appeals``
(result notices and appeals), ``exports``, ``datadesk`` (the data desk's sweep and e-mails),
``adoption`` (落地 review e-mails). ``base`` holds the retry policy they share."""

from contests.tasks import adoption, appeals, datadesk, exports, mail

__all__ = ["adoption", "appeals", "datadesk", "exports", "mail"]
