"""A member's language, noted when they sign in (kb.forum.notifications)."""

from django.contrib.auth.signals import user_logged_in
from django.utils.translation import get_language

from . import notifications


def note_language(sender, request, user, **kwargs):
    notifications.remember_language(user=user, language=get_language() or "")


def connect():
    user_logged_in.connect(note_language, dispatch_uid="kb-forum-note-language")
