from django import template
from django.utils.html import format_html

register = template.Library()

AVATAR_COLOURS = 12  # .avatar--0 to .avatar--11 in static/css/kb.css


def _name(user):
    profile = getattr(user, "forum_profile", None)
    if profile is not None:
        return profile.name
    return user.get_username()


@register.simple_tag
def member_name(user):
    return _name(user) if user else "a former member"


@register.simple_tag
def avatar(user):
    """Initials in a coloured circle; the colour (one of AVATAR_COLOURS classes in
    kb.css, not an inline style the Content-Security-Policy would block) is stable
    per member."""
    if user is None:
        return ""
    name = _name(user)
    parts = [p for p in name.replace("_", " ").replace(".", " ").split() if p]
    initials = ("".join(p[0] for p in parts[:2]) or "?").upper()
    colour = (user.pk or 0) * 7 % AVATAR_COLOURS
    return format_html(
        '<span class="avatar avatar--{}" aria-hidden="true">{}</span>', colour, initials
    )
