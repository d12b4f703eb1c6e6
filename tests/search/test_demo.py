from io import StringIO

from django.core.management import call_command

from kb.search.demo import DEMO_SYNONYMS
from kb.search.models import Synonym
from kb.search.selectors import synonyms_for


def test_demo_synonyms_load_into_a_site_without_synonyms(db):
    out = StringIO()
    call_command("search_load_demo", stdout=out)

    assert Synonym.objects.count() == len(DEMO_SYNONYMS)
    assert "kanban" in synonyms_for("board view")
    assert f"{len(DEMO_SYNONYMS)} search synonym groups added." in out.getvalue()


def test_demo_synonyms_leave_an_editors_list_alone(db):
    Synonym.objects.create(terms="workspace, company")
    out = StringIO()

    call_command("search_load_demo", stdout=out)

    assert list(Synonym.objects.values_list("terms", flat=True)) == [
        "workspace, company"
    ]
    assert "left alone" in out.getvalue()
