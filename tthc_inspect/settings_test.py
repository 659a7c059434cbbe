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

# On SQLite, test against a file rather than Django's shared in-memory database: the live
# server used by browser tests answers in several threads, and an in-memory test database
# hands them all one connection, which SQLite does not allow (pages fail at random with
# "bad parameter or other API misuse" when a page loads several charts at once).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}  # noqa: F405
