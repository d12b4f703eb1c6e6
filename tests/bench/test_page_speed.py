import pytest

from bench import page_speed
from tests import factories

pytestmark = pytest.mark.django_db


def test_page_speed_times_the_home_page_and_the_first_article(client, category):
    article = factories.make_article(category)

    paths = page_speed._default_paths()
    median, p95, cpu = page_speed.measure(client, paths[1], requests=3)

    assert paths == ["/", article.url]
    assert 0 < median <= p95 and cpu > 0


def test_page_speed_stops_on_a_page_that_fails(client, home):
    with pytest.raises(SystemExit, match="/no-such-page/: HTTP 404"):
        page_speed.measure(client, "/no-such-page/", requests=1)
