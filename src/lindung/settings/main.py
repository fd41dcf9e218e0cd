"""The settings Lindung runs with: a base block plus one module per integration (R10)."""

from lindung.settings.base import *  # noqa: F403
from lindung.settings.security import *  # noqa: F403
from lindung.settings.tasks import *  # noqa: F403
