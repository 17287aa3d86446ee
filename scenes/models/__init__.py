from .taxonomy import DataResource, Domain, Node, Provider
from .pages import (
    SceneIndexPage,
    ScenePage,
    SceneTag,
    SolutionDocument,
    SolutionIndexPage,
    SolutionPage,
    SolutionTag,
)

__all__ = [
    "DataResource",
    "Domain",
    "Node",
    "Provider",
    "SceneIndexPage",
    "ScenePage",
    "SceneTag",
    "SolutionDocument",
    "SolutionIndexPage",
    "SolutionPage",
    "SolutionTag",
]
