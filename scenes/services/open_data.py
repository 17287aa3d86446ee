"""数据开放申请 answered by the resource's owner (MINIMAL version from the `units` branch: only
``answer``; the fuller module of the resources work replaces it).

Rules: only a member of the resource's owner unit (or a superuser) answers; a request is answered
once; 不予开放 needs its legal basis; 已开放 makes the resource open.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenes.choices import Openness, OpenRequestStatus
from scenes.rules import can_answer_open_request

ANSWER_STATUSES = (OpenRequestStatus.OPENED, OpenRequestStatus.PLANNED, OpenRequestStatus.REFUSED)


def answer(open_request, user, status, answer, legal_basis=""):
    """Answer ``open_request`` publicly; raises PermissionDenied or ValidationError (nothing saved)."""
    from scenes.models import DataResource, OpenDataRequest

    if not can_answer_open_request(user, open_request):
        raise PermissionDenied(_("只有数据责任单位的成员可以答复这条申请。"))
    answer, legal_basis = (answer or "").strip(), (legal_basis or "").strip()
    if status not in ANSWER_STATUSES:
        raise ValidationError(_("请选择答复结果。"), code="status")
    if not answer:
        raise ValidationError(_("请填写答复内容。"), code="answer")
    if status == OpenRequestStatus.REFUSED and not legal_basis:
        raise ValidationError(_("不予开放时须写明法律依据。"), code="legal_basis")
    now = timezone.now()
    with transaction.atomic():
        changed = OpenDataRequest.objects.filter(pk=open_request.pk, status=OpenRequestStatus.PENDING).update(
            status=status,
            answer=answer,
            legal_basis=legal_basis if status == OpenRequestStatus.REFUSED else "",
            answered_at=now,
            answered_by=user,
        )
        if not changed:
            raise ValidationError(_("这条申请已经答复过了。"), code="answered")
        if status == OpenRequestStatus.OPENED:
            # Saved, not updated: the showcase's caches listen to a resource's save.
            resource = DataResource.objects.get(pk=open_request.resource_id)
            resource.openness = Openness.OPEN
            resource.save(update_fields=["openness", "updated_at"])
    open_request.refresh_from_db()
    return open_request
