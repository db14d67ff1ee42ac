"""Console users: agents, supervisors and admins, their passwords, second factor and sessions.

``shopdesk.models`` imports :mod:`shopdesk.agents.tables` to register the tables on its metadata;
importing the models first here makes either import order work (``agents.tables`` needs
``models.base``, whose package needs ``agents.tables``).
"""

import shopdesk.models  # noqa: F401
