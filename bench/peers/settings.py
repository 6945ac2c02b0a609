"""The clinic's settings plus django-import-export, for the peers' processes only.

The library is a development dependency of the benchmark: the clinic's own settings never
install it.
"""

from petfriendly.settings import *  # noqa: F403
from petfriendly.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "import_export"]
