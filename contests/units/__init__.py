"""The unit workspace (/unit/): where a challenge-setting unit (出题单位) and data owner acts —
its 赛题 made from published needs and the data they offer, findings about its data, open-data
requests for its resources, and the acceptance of results. Names are ``contests:units:*``."""
