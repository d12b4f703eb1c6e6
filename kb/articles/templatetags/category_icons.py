from django import template

from ..icons import category_icon_svg

register = template.Library()


@register.simple_tag
def category_icon(name, size=24):
    return category_icon_svg(name, size=size)
