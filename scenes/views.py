"""Listing responses of the index pages (filled in below)."""


def scene_listing(request, page, landing=None):
    raise NotImplementedError


def solution_listing(request, page, landing=None):
    raise NotImplementedError
