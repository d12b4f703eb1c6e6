"""How the demo loader writes a page: create it, or publish a new revision when the
files changed it, and leave alone a page an editor has changed since."""

from wagtail.models import Page


def _editor_touched(page: Page) -> bool:
    revision = page.latest_revision
    return (
        not page.live
        or page.has_unpublished_changes
        or revision is None
        or revision.user_id is not None
    )


def _page_upsert(*, parent, model, slug, fields, summary, lookup, tags=None):
    """Create the page or publish a new revision if it differs; returns (page, owned).

    `owned` is False for a page an editor has changed since the loader wrote it.
    """
    page = lookup.filter(slug=slug).select_related("latest_revision").first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        if tags is not None:
            page.tags.set(tags)
        page.save_revision().publish()
        summary.created += 1
        return page, True
    return _page_update(page=page, fields=fields, tags=tags, summary=summary)


def _page_update(*, page, fields, summary, tags=None):
    """Publish a new revision of the loader's page if the files changed it."""
    if _editor_touched(page):
        summary.kept_edits.append(page.url_path)
        return page, False
    differs = any(
        _comparable(page, key) != _comparable_value(page, key, value)
        for key, value in fields.items()
    )
    if tags is not None and sorted(page.tags.names()) != sorted(tags):
        differs = True
    if not differs:
        summary.unchanged += 1
        return page, True
    for key, value in fields.items():
        setattr(page, key, value)
    if tags is not None:
        page.tags.set(tags)
    page.save_revision().publish()
    summary.updated += 1
    return page, True


def _comparable(page, key):
    if key == "body":
        return _stream_data(page.body)
    return getattr(page, key)


def _comparable_value(page, key, value):
    if key == "body":
        return _stream_data(type(page).body.field.to_python(value))
    return value


def _stream_data(stream_value) -> list:
    """A StreamField's stored data without the per-block ids."""
    prep = stream_value.stream_block.get_prep_value(stream_value)
    return [{"type": block["type"], "value": block["value"]} for block in prep]
