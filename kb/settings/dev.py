import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") != "0"
# A development-only key; production refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
