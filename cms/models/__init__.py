from .pages import HomePage, StandardPage
from .site_settings import SiteSettings
from .users import User

__all__ = ["HomePage", "SiteSettings", "StandardPage", "User"]
