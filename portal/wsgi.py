import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Each worker loads the search dictionaries at start, not on its first citizen's search.
from lists.search.query import warm_up  # noqa: E402

warm_up()
