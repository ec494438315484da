"""The WSGI application (``gunicorn shield.config.wsgi``). It refuses to start without a
SECRET_KEY: the error says how to make one (settings.SECRET_KEY_HELP)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shield.config.settings")
try:
    _key = settings.SECRET_KEY
except ImproperlyConfigured:  # Django's word for an empty key
    _key = ""
if not _key:
    raise ImproperlyConfigured(getattr(settings, "SECRET_KEY_HELP", "SECRET_KEY is not set."))
application = get_wsgi_application()
