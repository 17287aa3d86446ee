"""Divisional rounds (分赛区初赛): each division assigns its judges, computes its ranking and
advances its entries within its quota into the provincial round; the province sees every division
on one dashboard. Assignment and results are the judging services' (``assign_judges(division=…)``,
``compute_division_results``); this package adds the quota cut and the dashboard figures."""
