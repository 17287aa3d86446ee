"""Views of the unit workspace, one module per part: dashboard, challenges, offers, findings,
open-data requests. Every view is wrapped in ``unit_member_required`` and reaches objects only
through the lookups of ``contests.units.base``."""
