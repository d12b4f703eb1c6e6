import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb.articles.demo import DemoContentError
from kb.articles.services import (
    DEMO_EDITOR_USERNAME,
    DemoEditorRefused,
    demo_content_load,
    demo_editor_ensure,
)


class Command(BaseCommand):
    help = (
        "Load the demo help center (categories and articles from kb/articles/demo/) "
        "and the demo editor account. Safe to run again: only what changed is "
        "written, and pages an editor changed in the admin are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-editor",
            action="store_true",
            help="Load the content only, no editor account.",
        )

    def handle(self, *args, no_editor=False, **options):
        editor = None
        password = os.environ.get("KB_DEMO_PASSWORD") or None
        if not no_editor:
            # First, so that a refusal comes before any work is done.
            try:
                editor = demo_editor_ensure(password=password)
            except DemoEditorRefused as error:
                raise CommandError(str(error)) from error
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write("Loading the demo help center")
        try:
            summary = demo_content_load(base_url=base_url, stdout=self.stdout)
        except DemoContentError as error:
            raise CommandError(f"Demo content: {error}") from error
        self.stdout.write(
            f"{summary.categories} categories and {summary.articles} articles: "
            f"{summary.created} pages created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged."
        )
        if summary.kept_edits:
            self.stdout.write(
                f"Left alone because an editor changed them: "
                f"{len(summary.kept_edits)} pages."
            )
        self.stdout.write(f"Site:  {base_url}/")
        self.stdout.write(f"Admin: {base_url}/admin/")
        if editor is not None:
            self.stdout.write(self._login_help(editor, from_env=bool(password)))

    def _login_help(self, editor, *, from_env):
        if editor.password:
            return self.style.SUCCESS(
                f'Log in as "{DEMO_EDITOR_USERNAME}" with password: {editor.password}\n'
                "  (generated now and shown only this once; set KB_DEMO_PASSWORD "
                "to choose the password)"
            )
        if from_env:
            return self.style.SUCCESS(
                f'Log in as "{DEMO_EDITOR_USERNAME}" with the password in '
                "KB_DEMO_PASSWORD."
            )
        return (
            f'Log in as "{DEMO_EDITOR_USERNAME}" with the password shown when the '
            "account was created (run again with KB_DEMO_PASSWORD=... to set a new "
            "one)."
        )
