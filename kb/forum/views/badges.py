"""The badges members can earn, and who earned each."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import badges

HOLDERS_SHOWN = 100


@require_GET
def badge_list(request):
    return render(request, "forum/badges.html", {"badges": badges.badge_overview()})


@require_GET
def badge_detail(request, slug):
    rule = badges.RULE_FOR.get(slug)
    if rule is None:
        raise Http404
    holders = badges.badge_holders(slug)
    return render(
        request,
        "forum/badge.html",
        {
            "rule": rule,
            "awards": list(holders[:HOLDERS_SHOWN]),
            "holders_count": holders.count(),
        },
    )
