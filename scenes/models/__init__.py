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
