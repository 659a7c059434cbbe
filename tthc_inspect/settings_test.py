"""Test settings: the real settings plus what makes tests fast and hermetic.

DATABASE_URL still decides the database, so CI runs the suite on PostgreSQL.
"""

import tempfile
from pathlib import Path

from tthc_inspect.settings import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tthc-test-media-"))
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
LANGUAGE_CODE = "vi"
