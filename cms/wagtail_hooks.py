"""Wagtail hooks of the ground floor: the page admin views shared by every page type."""

from wagtail import hooks

from cms.workflow_messages import ShuyongPageViewSet


# After Wagtail's own fallback (order -1), so this viewset is the one the page URLs route to.
@hooks.register("register_admin_viewset")
def register_page_viewset():
    return ShuyongPageViewSet()
