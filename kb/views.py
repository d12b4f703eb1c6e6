from django.shortcuts import render


def rate_limited(request, exception=None):
    """What a client that exceeded a rate limit gets: 429 with a clear message."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
