"""django-allauth's e-mails for forum members, sent like the site's other mail."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter

from kb import mail


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        return mail.subject_line(subject)

    def get_from_email(self):
        return mail.from_address()

    def send_mail(self, template_prefix, email, context):
        # allauth's templates greet with `current_site`, which without
        # django.contrib.sites is the request's host ("127.0.0.1:8000").
        site = SimpleNamespace(name=mail.site_name(), domain=mail.site_domain())
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's text template, read as Markdown for both parts."""
        message = super().render_mail(template_prefix, email, context, headers)
        return mail.markdown_email(
            subject=message.subject,
            markdown_text=message.body,
            to=message.to,
            headers=headers,
        )
