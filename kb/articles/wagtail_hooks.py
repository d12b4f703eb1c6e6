"""Notes which new pages only Wagtail's autosave has saved (kb/articles/autosave.py)."""

from wagtail import hooks

from .autosave import autosaved_new_page_keep, autosaved_new_page_mark


def _by_autosave(request) -> bool:
    # Wagtail's autosave posts the editor form with fetch and `Accept:
    # application/json`; the editor's own Save, Submit and Publish post the page.
    return not request.accepts("text/html")


@hooks.register("after_create_page")
def note_autosaved_new_page(request, page):
    if _by_autosave(request):
        autosaved_new_page_mark(page=page)


@hooks.register("after_edit_page")
@hooks.register("after_publish_page")
def keep_page_saved_by_its_editor(request, page):
    if not _by_autosave(request):
        autosaved_new_page_keep(page=page)
