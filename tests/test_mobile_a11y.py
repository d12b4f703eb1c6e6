"""On a 375 px phone every public page fits the screen and axe-core finds nothing to
fix, and the header's menu button opens the site menu.

The demo help center and community are loaded once for the module, into a site that
gunicorn serves from its own database (see tests/live_server_process.py).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import CHROMIUM_ARGS, chromium_or_skip
from tests.live_server_process import gunicorn_site

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

SETUP_SCRIPT = """
import json
from kb.articles.models import ArticlePage, CategoryPage
from kb.forum.models import ForumSection, Topic
from tests import factories

member = factories.make_user("phone_reader")
member.emailaddress_set.create(email=member.email, verified=True, primary=True)

def has_code_and_table(article):
    kinds = [block.block_type for block in article.body]
    tables = [b for b in article.body if b.block_type == "markdown" and "|" in b.value]
    return "code" in kinds and bool(tables)

articles = list(ArticlePage.objects.live().order_by("path"))
topic = Topic.objects.filter(answer_count__gt=0, is_locked=False).first()
print("SETUP" + json.dumps({
    "articles": [article.url for article in articles],
    "code_and_table": next(a.url for a in articles if has_code_and_table(a)),
    "category": CategoryPage.objects.live().first().url,
    "section": ForumSection.objects.first().get_absolute_url(),
    "topic": topic.get_absolute_url(),
    "member": f"/community/members/{topic.author_id}/",
}))
"""


def load_demo(site):
    site.manage("collectstatic", "--noinput")
    site.manage("articles_load_demo", "--no-editor")
    site.manage("forum_load_demo")
    return site.shell_json(SETUP_SCRIPT, "SETUP")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo site, served; its URLs and the demo pages' in `data`.

    SQLite only: how a page looks does not depend on the database."""
    chromium_or_skip()  # before the costly set-up
    with gunicorn_site(
        tmp_path_factory.mktemp("mobile-a11y"),
        "sqlite",
        {"RATELIMIT_ENABLE": "0"},
        name="mobile",
        prepare=load_demo,
        workers=1,
        threads=4,
    ) as site:
        yield site


@pytest.fixture(scope="module")
def browser(demo_site):
    """One Chromium for the module (like conftest's `browser`, which starts one per
    test); each test opens its own context, so no cookies carry over."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as monkeypatch:
        # Playwright's sync API runs an event loop in this thread.
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_or_skip(), args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def open_page(browser):
    """Opens a page in a context of its own (cookies and all), closed after the test."""
    contexts = []

    def open_page(viewport, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone(open_page):
    return open_page(PHONE)


def log_in(page, site):
    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Login").fill("phone_reader")
    page.get_by_label("Password", exact=True).fill("pw-for-tests-only")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/community/**")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page, every rule it runs by default."""
    return Axe().run(page).response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"  {node['target']}: {summary}")
    return "\n".join(lines)


def header_rows(page) -> int:
    """How many rows the header's visible parts take."""
    return page.evaluate(
        """() => {
          const rows = [];
          for (const el of document.querySelector(".header-inner").children) {
            const r = el.getBoundingClientRect();
            if (!r.height) continue;
            const row = rows.find((row) => r.top < row.bottom && r.bottom > row.top);
            if (!row) rows.push({ top: r.top, bottom: r.bottom });
            else {
              row.top = Math.min(row.top, r.top);
              row.bottom = Math.max(row.bottom, r.bottom);
            }
          }
          return rows.length;
        }"""
    )


# (name, address or a key of the site's data, expected status, signed in)
PAGES = [
    ("home", "/", 200, False),
    ("category", "category", 200, False),
    ("all articles", "/articles/", 200, False),
    ("article with code and a table", "code_and_table", 200, False),
    ("search form", "/search/", 200, False),
    ("search results", "/search/?q=invoice", 200, False),
    ("no results", "/search/?q=xylophone", 200, False),
    ("forum index", "/community/", 200, False),
    ("all questions", "/community/topics/", 200, False),
    ("forum section", "section", 200, False),
    ("thread with answers", "topic", 200, False),
    ("log in", "/accounts/login/", 200, False),
    ("sign up", "/accounts/signup/", 200, False),
    ("password reset", "/accounts/password/reset/", 200, False),
    ("broken unsubscribe link", "/community/unsubscribe/not-a-token/", 400, False),
    ("broken article unsubscribe link", "/feedback/unsubscribe/not-a-token/", 400, False),
    ("page not found", "/no-such-page/", 404, False),
    ("contact support", "/contact/", 200, False),
    ("contact support sent", "/contact/sent/", 200, False),
    ("ask a question", "/community/ask/", 200, True),
    ("thread with the answer form", "topic", 200, True),
    ("profile", "/community/profile/", 200, True),
    ("contact support as a member", "/contact/", 200, True),
    ("article with the follow button", "code_and_table", 200, True),
    ("member page", "member", 200, False),
    ("trust level rules", "/community/trust/", 200, False),
    ("badges", "/community/badges/", 200, False),
    ("a badge and who earned it", "/community/badges/solved/", 200, False),
    ("notifications", "/community/notifications/", 200, True),
    ("e-mail settings", "/community/notifications/settings/", 200, True),
    ("my questions", "/community/my/questions/", 200, True),
    ("threads I follow", "/community/my/following/", 200, True),
]


@pytest.mark.parametrize(
    "address, status, signed_in", [p[1:] for p in PAGES], ids=[p[0] for p in PAGES]
)
def test_page_fits_a_phone_and_has_no_accessibility_violations(
    demo_site, phone, address, status, signed_in
):
    if signed_in:
        log_in(phone, demo_site)
    path = demo_site.data.get(address, address)

    response = phone.goto(demo_site.url + path)

    assert response.status == status
    if address == "/search/?q=invoice":
        assert phone.locator(".search-result").count() > 0
    if address == "/search/?q=xylophone":
        assert phone.locator(".no-results").is_visible()
    if address == "topic":
        answer_form = phone.get_by_role("textbox", name="Your answer")
        assert answer_form.count() == (1 if signed_in else 0)
    assert page_width(phone) <= PHONE["width"]
    violations = axe_violations(phone)
    assert violations == [], describe(violations)


def test_every_demo_article_fits_a_phone_and_has_no_accessibility_violations(
    demo_site, phone
):
    problems = {}
    for path in demo_site.data["articles"]:
        phone.goto(demo_site.url + path)
        width = page_width(phone)
        violations = axe_violations(phone)
        if width > PHONE["width"] or violations:
            problems[path] = f"{width} px wide\n{describe(violations)}"

    assert len(demo_site.data["articles"]) >= 50
    assert problems == {}, "\n".join(f"{p}: {what}" for p, what in problems.items())


def test_on_a_phone_the_menu_button_opens_the_site_menu(demo_site, phone):
    phone.goto(demo_site.url + demo_site.data["code_and_table"])
    button = phone.get_by_role("button", name="Menu")
    main_nav = phone.get_by_role("navigation", name="Main")

    assert header_rows(phone) <= 2
    assert button.get_attribute("aria-expanded") == "false"
    assert main_nav.is_hidden()
    assert phone.get_by_role("link", name="Log in").is_hidden()

    button.click()

    assert button.get_attribute("aria-expanded") == "true"
    assert main_nav.is_visible()
    assert phone.get_by_role("link", name="Log in").is_visible()
    assert page_width(phone) <= PHONE["width"]
    main_nav.get_by_role("link", name="Community").focus()
    phone.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert phone.evaluate("document.activeElement.className") == "menu-button"

    button.press("Enter")
    main_nav.get_by_role("link", name="Community").click()
    phone.wait_for_url("**/community/")


def test_without_javascript_the_phone_menu_stays_open(demo_site, open_page):
    page = open_page(PHONE, java_script_enabled=False)
    page.goto(demo_site.url + "/community/")

    assert page.locator(".menu-button").is_hidden()
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert page.get_by_role("link", name="Sign up").is_visible()
    assert page_width(page) <= PHONE["width"]


def test_on_a_desktop_the_menu_shows_without_a_button(demo_site, open_page):
    page = open_page(DESKTOP)
    page.goto(demo_site.url + demo_site.data["code_and_table"])

    assert page.locator(".menu-button").is_hidden()
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert page.get_by_role("link", name="Log in").is_visible()
    assert header_rows(page) == 1


def test_remember_me_sits_on_one_line_with_its_label(demo_site, phone):
    phone.goto(demo_site.url + "/accounts/login/")
    checkbox = phone.get_by_role("checkbox", name="Remember Me")
    label = phone.locator("label", has_text="Remember Me")

    box, text = checkbox.bounding_box(), label.bounding_box()

    assert abs((box["y"] + box["height"] / 2) - (text["y"] + text["height"] / 2)) < 4
    assert box["x"] + box["width"] <= text["x"]
    label.click()
    assert checkbox.is_checked()


def test_category_icons_are_drawn_beside_the_category_names(demo_site, phone):
    phone.goto(demo_site.url + "/")
    links = phone.locator(".category-card h3 a")

    assert links.count() == 8
    for index in range(links.count()):
        icon = links.nth(index).locator("svg.category-icon")
        name = links.nth(index).locator("span")
        icon_box, name_box = icon.bounding_box(), name.bounding_box()
        assert icon_box["width"] >= 20 and icon_box["height"] >= 20
        assert icon_box["x"] + icon_box["width"] <= name_box["x"]
        assert icon_box["y"] < name_box["y"] + name_box["height"]


# The dark theme (the reader's device asks for it): the main public pages.
DARK_PAGES = [
    ("home", "/"),
    ("category", "category"),
    ("all articles", "/articles/"),
    ("article with code and a table", "code_and_table"),
    ("search results", "/search/?q=invoice"),
    ("no results", "/search/?q=xylophone"),
    ("forum index", "/community/"),
    ("thread with answers", "topic"),
    ("member page with badges", "member"),
    ("a badge and who earned it", "/community/badges/solved/"),
    ("log in", "/accounts/login/"),
    ("contact support", "/contact/"),
    ("page not found", "/no-such-page/"),
]
DARK_BACKGROUND = "rgb(20, 23, 28)"  # --bg of the dark theme in kb.css


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")


@pytest.mark.parametrize(
    "address", [p[1] for p in DARK_PAGES], ids=[p[0] for p in DARK_PAGES]
)
def test_in_the_dark_theme_pages_fit_a_phone_and_have_no_accessibility_violations(
    demo_site, open_page, address
):
    page = open_page(PHONE, color_scheme="dark")

    page.goto(demo_site.url + demo_site.data.get(address, address))

    assert background(page) == DARK_BACKGROUND
    assert page_width(page) <= PHONE["width"]
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_in_the_dark_theme_a_desktop_article_has_no_accessibility_violations(
    demo_site, open_page
):
    page = open_page(DESKTOP, color_scheme="dark")

    page.goto(demo_site.url + demo_site.data["code_and_table"])

    assert background(page) == DARK_BACKGROUND
    violations = axe_violations(page)
    assert violations == [], describe(violations)


BRANDING_SCRIPT = """
import json
from wagtail.models import Site
from kb.branding.models import BrandingSettings
brand = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
brand.site_name = "Globex Support"
brand.brand_colour = "#6b1e8f"
brand.footer_links = [("link", {"label": "System status", "url": "/status/"})]
brand.notice_enabled = True
brand.notice_level = "critical"
brand.notice_text = "Card payments are failing; we are working on it."
brand.full_clean()
brand.save()
print("BRAND" + json.dumps(brand.stylesheet_version))
"""
UNBRANDING_SCRIPT = """
import json
from kb.branding.models import BrandingSettings
BrandingSettings.objects.all().delete()
print("DONE" + json.dumps(True))
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_branded_site_with_a_notice_has_no_accessibility_violations(
    demo_site, open_page, scheme
):
    demo_site.shell_json(BRANDING_SCRIPT, "BRAND")
    try:
        page = open_page(PHONE, color_scheme=scheme)
        page.goto(demo_site.url + demo_site.data["code_and_table"])

        notice = page.get_by_role("region", name="Site notice")
        assert "Card payments are failing" in notice.inner_text()
        assert page.get_by_role("link", name="System status").is_visible()
        assert page.title().endswith("Globex Support")
        buttons = page.evaluate(
            "getComputedStyle(document.querySelector('.search-form button'))"
            ".backgroundColor"
        )
        assert buttons == "rgb(107, 30, 143)"
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    finally:
        demo_site.shell_json(UNBRANDING_SCRIPT, "DONE")


def test_printing_an_article_leaves_out_the_header_and_shows_link_addresses(
    demo_site, open_page
):
    page = open_page(DESKTOP)
    page.goto(demo_site.url + demo_site.data["code_and_table"])
    page.emulate_media(media="print")

    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    assert page.locator(".feedback-slot").is_hidden()
    assert page.locator(".article-body").is_visible()
    after = page.evaluate(
        """() => {
          const link = document.querySelector('.article-body a[href]');
          return link ? getComputedStyle(link, '::after').content : null;
        }"""
    )
    if after is not None:
        assert after.startswith('" (')


# The README's screenshots: `make screenshots` writes them to docs/screenshots/
# (KB_SCREENSHOTS_DIR); in the normal run they go to a temporary folder.
SCREENSHOTS = [
    ("home", "/"),
    ("article", "code_and_table"),
    ("search", "/search/?q=invoice"),
    ("thread", "topic"),
]


def shrink_png(path):
    """A palette of 256 colours: a third of the size, the same to the eye (text on
    flat colours), so the committed PNGs stay small."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def test_screenshots_of_the_main_pages_at_desktop_and_phone_widths(
    demo_site, open_page, tmp_path
):
    import os
    from pathlib import Path

    folder = Path(os.environ.get("KB_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for width_name, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
        page = open_page(viewport, color_scheme="light")
        for name, address in SCREENSHOTS:
            page.goto(demo_site.url + demo_site.data.get(address, address))
            path = folder / f"{name}-{width_name}.png"
            page.screenshot(path=str(path), animations="disabled", caret="hide")
            shrink_png(path)
            written.append(path)

    for path in written:
        # A rendered page, not a blank one: PNGs of a blank viewport are ~1-3 kB.
        assert 10_000 < path.stat().st_size < 200_000, path
