"""The live final's pages (/live/): the host's console, the judges' tablet page, the big screen and
its state, the public draw and record of a session, the team's sign-off and appeal, the chair's
decision and the organiser's draw and publication. Views stay thin: ``contests.services.live``
decides, ``contests.services.live.access`` finds objects (404 outside the user's scope)."""
