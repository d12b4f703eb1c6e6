"""The Content-Security-Policy header (django-csp), with the admin's one exception.

The policy is settings.CONTENT_SECURITY_POLICY: scripts and styles from the site's
own files only. The Wagtail admin's editors (Draftail, tooltips, the date picker)
set style attributes and add <style> elements from their scripts, so pages under
the admin also allow inline styles; never inline scripts.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(reverse("wagtailadmin_home")):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
