from .needs import NeedComment, NeedIndexPage, NeedPage, NeedVote, set_need_status
from .open_requests import OpenDataRequest
from .pages import (
    SceneIndexPage,
    ScenePage,
    SceneTag,
    SolutionDocument,
    SolutionIndexPage,
    SolutionPage,
    SolutionTag,
)
from .taxonomy import DataResource, Domain, Node, Provider
from .units import Unit, UnitMember

__all__ = [
    "DataResource",
    "Domain",
    "NeedComment",
    "NeedIndexPage",
    "NeedPage",
    "NeedVote",
    "Node",
    "OpenDataRequest",
    "Provider",
    "SceneIndexPage",
    "ScenePage",
    "SceneTag",
    "SolutionDocument",
    "SolutionIndexPage",
    "SolutionPage",
    "SolutionTag",
    "Unit",
    "UnitMember",
    "set_need_status",
]
