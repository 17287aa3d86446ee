"""/vetting/: the workspace of an organisation's approved contact person (单位负责人): the teams of
their organisation, each with its members' names and roles, confirmed or disputed one by one. The
rules are in ``contests.services.vetting``."""
