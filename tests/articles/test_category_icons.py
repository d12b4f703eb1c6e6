"""Category icons: SVG from the shipped set, picked in the category editor, no emoji."""

import importlib
import re
import shutil

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from kb.articles.demo import DEMO_DIR, DemoContentError, read_demo_site
from kb.articles.icons import CategoryIcon
from kb.articles.models import CategoryPage
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
icon_migration = importlib.import_module(
    "kb.articles.migrations.0005_category_icon_choices"
)


def test_a_category_icon_is_an_inline_svg_hidden_beside_the_categorys_name(
    client, home
):
    billing = make_category(home, "Account and billing", icon="credit-card")
    make_article(billing, "Change your plan")

    for path in ("/", billing.url, "/articles/"):
        html = client.get(path).content.decode()
        svg = re.search(r'<svg[^>]*class="category-icon"[^>]*>', html)
        assert svg, path
        assert 'aria-hidden="true"' in svg[0]
        # The name is text beside the icon, which adds nothing for a screen reader.
        after_icon = html[svg.end() : html.index("</svg>", svg.end()) + 100]
        assert "Account and billing" in after_icon
        # The Content-Security-Policy allows no inline style.
        assert "style=" not in svg[0]


def test_a_category_without_an_icon_or_with_an_unknown_one_shows_just_its_name(
    client, home
):
    make_category(home, "Billing")
    unknown = make_category(home, "Legacy")
    CategoryPage.objects.filter(pk=unknown.pk).update(icon="🚀")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "category-icon" not in html
    assert "🚀" not in html
    assert "<span>Billing</span>" in html and "<span>Legacy</span>" in html


def test_editors_pick_an_icon_from_pictures_of_the_set(editor_client, category):
    url = reverse("wagtailadmin_pages:edit", args=[category.pk])
    page = editor_client.get(url).content.decode()

    options = re.findall(
        r'<label class="icon-option" for="[^"]+"><input type="radio" name="icon" '
        r'value="([^"]*)"[^>]*>\s*<svg[^>]*>',
        page,
    )
    assert set(CategoryIcon.values) <= set(options)
    assert "No icon" in page
    assert "admin-icon-select.css" in page

    form = querydict_from_html(page, form_id="page-edit-form")
    form["icon"] = "lifebuoy"
    response = editor_client.post(url, form)  # an editor saves a draft

    assert response.status_code == 302, response.content.decode()[:2000]
    draft = CategoryPage.objects.get(pk=category.pk).get_latest_revision_as_object()
    assert draft.icon == "lifebuoy"


def test_an_icon_outside_the_set_is_refused_with_a_message(editor_client, category):
    url = reverse("wagtailadmin_pages:edit", args=[category.pk])
    form = querydict_from_html(
        editor_client.get(url).content.decode(), form_id="page-edit-form"
    )
    form["icon"] = "🚀"

    response = editor_client.post(url, form)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    page = CategoryPage.objects.get(pk=category.pk)
    assert page.get_latest_revision_as_object().icon == ""


def test_the_migration_turns_emoji_into_icon_names_in_pages_and_revisions(home):
    old = {
        "🚀": "rocket-launch",
        "🛠️": "wrench-screwdriver",  # with the emoji presentation selector
        "🔌": "puzzle-piece",
        "❓": "question-mark-circle",
        "🦄": "",  # no icon of the set fits
        "lifebuoy": "lifebuoy",  # already a name
    }
    pages = {}
    for number, emoji in enumerate(old):
        page = make_category(home, f"Category {number}")
        page.icon = emoji
        page.save_revision(clean=False)  # an editor's draft that still holds the emoji
        CategoryPage.objects.filter(pk=page.pk).update(icon=emoji)
        pages[emoji] = page

    icon_migration.emoji_to_icon_names(apps, None)

    for emoji, icon in old.items():
        page = CategoryPage.objects.get(pk=pages[emoji].pk)
        assert page.icon == icon
        assert page.get_latest_revision().content["icon"] == icon
        assert page.get_latest_revision_as_object().icon == icon


def test_the_demo_categories_name_icons_of_the_set():
    site = read_demo_site()

    icons = [category.icon for category in site.categories]

    assert icons and all(icon in CategoryIcon.values for icon in icons)
    assert len(set(icons)) == len(icons)
    for path in DEMO_DIR.glob("*/_category.md"):
        assert not EMOJI.search(path.read_text()), path


def test_a_demo_category_with_an_unknown_icon_is_refused_with_its_name(tmp_path):
    directory = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, directory)
    source = next(directory.glob("*-faq/_category.md"))
    source.write_text(source.read_text().replace("question-mark-circle", "❓"))

    with pytest.raises(DemoContentError, match="unknown icon") as error:
        read_demo_site(directory)

    assert "faq/_category.md" in str(error.value)
