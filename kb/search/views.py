from django.shortcuts import render
from wagtail.models import Page


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.live().public().search(query) if query else []
    return render(request, "search/search.html", {"query": query, "results": results})
