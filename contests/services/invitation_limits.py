"""How many invitations may go out per hour: per sender and per invited address (settings.THROTTLES).

Both team and judge invitations are sent by a signed-in person who knows the address, so a refusal
can say why: unlike sign-up, there is nothing about the address to hide.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from cms.throttle import allow
from contests.services import ContestError


def check_invitation_limits(*, sender_kind, sender, address_kind, email):
    """Count one invitation from ``sender`` to ``email``; ContestError when either is over its limit.

    ``sender`` None (a management command, a system task) is not limited.
    """
    if sender is not None and not allow(sender_kind, sender.pk):
        count = settings.THROTTLES[sender_kind][0]
        raise ContestError(
            _("你一小时内发出的邀请已达上限（%(count)d 份），请稍后再试。") % {"count": count}, code="throttled"
        )
    if not allow(address_kind, email):
        raise ContestError(_("该邮箱一小时内已收到多份邀请，请稍后再试。"), code="throttled")
