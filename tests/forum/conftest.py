import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from kb.forum import services
from kb.forum.models import ForumSection, Profile, TrustLevel
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_search_index(settings, tmp_path):
    """Each test gets an empty Whoosh index, so threads of earlier tests are gone."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "kb.search.backends.whoosh",
            "PATH": str(tmp_path / "index"),
            "LANGUAGE": "en",
        }
    }


@pytest.fixture
def section(db):
    return ForumSection.objects.create(name="Getting started", slug="getting-started")


@pytest.fixture
def asker(db):
    return factories.make_user("asker")


@pytest.fixture
def helper(db):
    return factories.make_user("helper")


@pytest.fixture
def moderator(db):
    user = factories.make_user("mod", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_forum"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


@pytest.fixture
def topic(section, asker):
    return services.topic_create(
        author=asker,
        section=section,
        title="How do I invite a client to a project?",
        body="I want a client to **see** the board but not edit it.",
        tags=["sharing", "permissions"],
    )


@pytest.fixture
def answer(topic, helper):
    return services.answer_create(
        author=helper,
        topic=topic,
        body="Use *Share → Guest access* in the project menu.",
    )


def trust(user, level=TrustLevel.MEMBER):
    """Give a member a trust level above a new member's limits (links, posts a day)."""
    Profile.objects.update_or_create(user=user, defaults={"trust_level_set": level})
    return user


@pytest.fixture
def trusted_members(asker, helper):
    """Tests about what pages show, not about limits: members without limits."""
    trust(asker)
    trust(helper)
