"""The moderation queue and thread tools in the Wagtail admin."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import moderation, selectors
from .models import ForumSection, Post, SuggestionOpen, Topic
from .services import is_moderator


def _require_moderator(request):
    if not is_moderator(request.user):
        raise PermissionDenied


def _article_choices():
    from kb.articles.models import ArticlePage

    return ArticlePage.objects.live().order_by("title")


class TopicToolsForm(forms.Form):
    section = forms.ModelChoiceField(
        queryset=ForumSection.objects.all(), required=False
    )
    article = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Link a help article")
    )
    merge_into = forms.IntegerField(
        required=False,
        min_value=1,
        label=gettext_lazy("Merge into thread number"),
        help_text=gettext_lazy(
            "The number in the original thread's address (/community/t/NUMBER/…)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = _article_choices()


def queue(request):
    _require_moderator(request)
    flagged, pending = selectors.moderation_queue()
    return TemplateResponse(
        request,
        "forum/admin/queue.html",
        {
            "flagged": flagged[:100],
            "pending": pending[:100],
            "suggestion_opens": SuggestionOpen.objects.all()[:20],
        },
    )


@require_POST
def post_action(request, pk):
    _require_moderator(request)
    post = get_object_or_404(Post.objects.select_related("topic", "author"), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "hide":
            moderation.post_hide(moderator=request.user, post=post)
            messages.success(request, _("The post is hidden."))
        elif action in ("restore", "approve"):
            moderation.post_restore(moderator=request.user, post=post)
            messages.success(request, _("The post is visible."))
        elif action == "dismiss":
            moderation.flags_dismiss(moderator=request.user, post=post)
            messages.success(request, _("The flags are dismissed."))
        elif action == "ban":
            moderation.member_ban(moderator=request.user, user=post.author)
            messages.success(request, _("The member is banned."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(request.POST.get("next") or "forum_admin:queue")


def topic_tools(request, pk):
    _require_moderator(request)
    topic = get_object_or_404(Topic.objects.select_related("section", "author"), pk=pk)
    form = TopicToolsForm(initial={"section": topic.section})
    if request.method == "POST":
        action = request.POST.get("action") or ""
        form = TopicToolsForm(request.POST)
        try:
            if action in ("lock", "unlock"):
                moderation.topic_set_locked(
                    moderator=request.user, topic=topic, locked=action == "lock"
                )
            elif action in ("pin", "unpin"):
                moderation.topic_set_pinned(
                    moderator=request.user, topic=topic, pinned=action == "pin"
                )
            elif action == "move" and form.is_valid() and form.cleaned_data["section"]:
                moderation.topic_move(
                    moderator=request.user,
                    topic=topic,
                    section=form.cleaned_data["section"],
                )
            elif (
                action == "merge"
                and form.is_valid()
                and form.cleaned_data["merge_into"]
            ):
                target = Topic.objects.filter(
                    pk=form.cleaned_data["merge_into"]
                ).first()
                if target is None:
                    raise ValidationError(_("There is no thread with that number."))
                moderation.topic_merge(
                    moderator=request.user, source=topic, target=target
                )
                messages.success(request, _("The threads are merged."))
                return redirect("forum_admin:topic", target.pk)
            elif action == "link" and form.is_valid() and form.cleaned_data["article"]:
                moderation.topic_link_article(
                    editor=request.user,
                    topic=topic,
                    article=form.cleaned_data["article"],
                )
            elif action.startswith("unlink:") and action[7:].isdigit():
                article = topic.related_articles.filter(pk=int(action[7:])).first()
                if article is not None:
                    moderation.topic_link_article(
                        editor=request.user, topic=topic, article=article, linked=False
                    )
            elif action == "ban":
                moderation.member_ban(moderator=request.user, user=topic.author)
            else:
                raise ValidationError(_("Fill in the form for that action."))
            messages.success(request, _("Done."))
            return redirect("forum_admin:topic", topic.pk)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    topic.refresh_from_db()
    return TemplateResponse(
        request,
        "forum/admin/topic.html",
        {
            "topic": topic,
            "form": form,
            "posts": Post.objects.filter(topic=topic).select_related("author"),
            "linked_articles": topic.related_articles.all(),
        },
    )


def ban_user(request, user_id):
    _require_moderator(request)
    if request.method != "POST":
        raise PermissionDenied
    user = get_object_or_404(get_user_model(), pk=user_id)
    try:
        moderation.member_ban(
            moderator=request.user,
            user=user,
            banned=request.POST.get("action") != "unban",
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(request.POST.get("next") or "forum_admin:queue")


@require_POST
def set_trust_level(request, user_id):
    """A moderator fixes a member's trust level, or hands it back to the rules."""
    from . import trust

    _require_moderator(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    raw = request.POST.get("level", "")
    if raw not in {"", *map(str, trust.TrustLevel.values)}:
        messages.error(request, _("Choose a trust level."))
    else:
        level = int(raw) if raw else None
        trust.trust_level_set(moderator=request.user, user=user, level=level)
        messages.success(
            request,
            _("Trust level set to %(level)s.")
            % {"level": trust.TrustLevel(level).label}
            if level is not None
            else _("The member's trust level follows the rules again."),
        )
    return redirect("forum:member", user_id=user.pk)
