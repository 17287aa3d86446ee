"""Enumerations of the showcase: platform node kinds and recognition levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeKind(models.TextChoices):
    PROVINCE = "province", _("省级主平台")
    CITY = "city", _("市级子节点")
    INDUSTRY = "industry", _("行业分节点")


class RecognitionLevel(models.TextChoices):
    LISTED = "listed", _("入库场景")
    TYPICAL = "typical", _("典型场景")
    NATIONAL = "national", _("国家推广")


# Levels a scene reaches only through the provincial moderators' review.
MODERATOR_ONLY_LEVELS = frozenset({RecognitionLevel.TYPICAL, RecognitionLevel.NATIONAL})

# Sort orders offered by the listings: key -> (label, order_by fields). Keys come from the URL;
# anything not in this table is ignored, so user input never reaches order_by().
SCENE_SORTS = {
    "newest": (_("最新上线"), ("-launch_date", "-first_published_at", "-pk")),
    "beneficiaries": (_("受益规模"), ("-beneficiaries_count", "-launch_date", "-pk")),
    "title": (_("标题"), ("title", "pk")),
}
SOLUTION_SORTS = {
    "newest": (_("最新发布"), ("-first_published_at", "-pk")),
    "title": (_("标题"), ("title", "pk")),
}
