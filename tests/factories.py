"""Small builders for the page tree; each test makes only what it needs."""

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from kb.articles.models import ArticlePage, CategoryPage, HomePage


def make_home(title="Acme Help Center"):
    """A help center home page as the default site's root."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=title, slug="help", intro="How can we help?"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    Site.clear_site_root_paths_cache()
    return home


def make_category(home, title="Getting started", **fields):
    return home.add_child(instance=CategoryPage(title=title, **fields))


def make_article(category, title="Reset your password", *, live=True, body=None, **fields):
    fields.setdefault("summary", f"How to {title.lower()}.")
    article = ArticlePage(
        title=title,
        body=body or [("paragraph", f"<p>{title}: step-by-step instructions.</p>")],
        live=live,
        **fields,
    )
    category.add_child(instance=article)
    if live:
        article.save_revision().publish()
    else:
        article.save_revision()
    return article


def make_user(username="reader", *, password="pw-for-tests-only", **fields):
    fields.setdefault("email", f"{username}@example.com")
    return get_user_model().objects.create_user(username=username, password=password, **fields)
