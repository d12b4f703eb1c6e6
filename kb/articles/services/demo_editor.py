"""The demo editor account."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

DEMO_EDITOR_USERNAME = "editor"
# Wagtail's migrations create both groups with permissions on the whole page tree:
# Editors may add and edit pages, Moderators may also publish and approve
# workflow tasks.
EDITOR_GROUPS = ("Editors", "Moderators")


class DemoEditorRefused(Exception):
    """The demo editor would get a generated password outside DEBUG."""


@dataclass
class DemoEditor:
    user: object
    created: bool
    password: str | None  # set only when generated now: show it once
    password_changed: bool = False


def demo_editor_ensure(*, password: str | None = None) -> DemoEditor:
    """The demo editor account, in Wagtail's Editors and Moderators groups.

    So the demo editor can write, publish and approve pages, but can't manage
    users or settings.

    Without a password one is generated, but only with DEBUG on: a site
    running production settings must be given KB_DEMO_PASSWORD. An existing
    account keeps its password unless a different one is given.
    """
    groups = list(Group.objects.filter(name__in=EDITOR_GROUPS))
    if len(groups) != len(EDITOR_GROUPS):
        raise DemoEditorRefused(
            f"Wagtail's groups {' and '.join(EDITOR_GROUPS)} are needed; "
            "one is missing."
        )
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=DEMO_EDITOR_USERNAME).first()
        created = user is None
        generated = None
        changed = False
        if created:
            if not password:
                if not settings.DEBUG:
                    raise DemoEditorRefused(
                        "Refusing to create the demo editor with a generated "
                        "password while DEBUG is off; set KB_DEMO_PASSWORD to the "
                        "password you want."
                    )
                password = generated = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=DEMO_EDITOR_USERNAME,
                email="editor@example.com",
                password=password,
                first_name="Demo",
                last_name="Editor",
            )
        elif password and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            changed = True
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        user.groups.add(*groups)
    return DemoEditor(
        user=user, created=created, password=generated, password_changed=changed
    )
