"""Certificates anyone can verify (证书核验): the number printed (and in the QR code) on a certificate
opens a public page saying whether the award stands.

The page shows what the public results show of a winner (award, team name and organisation, entry
title, contest, track, award date) and the status: 有效, or 已撤销 with the date, never the internal
reason. Only awards of rounds whose results are final count, the rule of the public results
(``public_results.final_awards``): an award under notice (公示) is not public yet. An unknown, a
malformed and a not-yet-final number all answer None, so a visitor cannot tell them apart and numbers
cannot be probed (the view also limits lookups per client).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from cms.links import site_url

NUMBER_LENGTH = 12  # contests.models.outcomes.new_certificate_number: 12 upper-case hex digits
_NUMBER = re.compile(r"[0-9A-F]{12}")
# What people type between groups of digits: spaces, dashes of every kind, dots, underscores.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._·]+")
MAX_INPUT = 64  # longer input is not a number with separators, whatever it holds


@dataclass(frozen=True)
class VerifiedCertificate:
    number: str
    award_name: str
    team_name: str
    team_organisation: str
    entry_title: str
    contest_name: str
    track_name: str
    awarded_on: date
    revoked_on: date | None

    @property
    def valid(self):
        return self.revoked_on is None


def normalise_number(raw):
    """The certificate number in ``raw`` (any case, full-width, grouped by spaces or dashes), or None
    when it is not one."""
    if not raw or len(raw) > MAX_INPUT:
        return None
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw)).upper()
    return text if _NUMBER.fullmatch(text) else None


def verification_path(number):
    """The page's path in the default language (unprefixed), the address a printed certificate keeps."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("contests:verify_certificate", kwargs={"number": number})


def verification_url(number):
    """The absolute address the certificate's QR code encodes."""
    return site_url() + verification_path(number)


def _local_date(moment):
    return timezone.localtime(moment).date() if moment is not None else None


def verify_certificate(raw_number):
    """The VerifiedCertificate of a number, or None (unknown, malformed, or results not final yet)."""
    from contests.models import Award

    number = normalise_number(raw_number)
    if number is None:
        return None
    award = (
        Award.objects.filter(certificate_number=number, round__publication__finalised_at__isnull=False)
        .select_related("category__contest", "entry__team", "track")
        .first()
    )
    if award is None:
        return None
    team = award.entry.team
    return VerifiedCertificate(
        number=award.certificate_number,
        award_name=award.category.name,
        team_name=team.name,
        team_organisation=team.organisation,
        entry_title=award.entry.title,
        contest_name=award.category.contest.name,
        track_name=award.track.name,
        awarded_on=_local_date(award.awarded_at),
        revoked_on=_local_date(award.revoked_at),
    )
