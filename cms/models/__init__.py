from .outbox import PendingTask
from .pages import HomePage, StandardPage
from .site_settings import SiteSettings
from .users import User

__all__ = ["HomePage", "PendingTask", "SiteSettings", "StandardPage", "User"]
