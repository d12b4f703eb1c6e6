"""Members' own pages: notifications and their e-mail settings, public profiles,
"my questions / answers / following", and the writing helpers (tags, undo of a
delete, mention suggestions, picture uploads)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from .. import badges, notifications, selectors, services, trust
from ..forms import (
    AvatarForm,
    ImageUploadForm,
    ProfileForm,
    TagsForm,
    notification_preferences_form,
)
from ..models import Notification, Post, Profile, Topic
from .access import _visible_post_or_404, handles_refusals, limited
from .threads import PER_PAGE


@login_required
@require_GET
def notification_list(request):
    return render(
        request,
        "forum/notifications.html",
        {"notifications": notifications.inbox(request.user)},
    )


@login_required
@require_GET
def notification_open(request, pk):
    """Follow a notification to what it is about; it is read from then on."""
    notification = get_object_or_404(
        Notification.objects.select_related("post__topic", "topic"),
        pk=pk,
        recipient=request.user,
    )
    notifications.notifications_mark_read(user=request.user, ids=[notification.pk])
    return HttpResponseRedirect(notification.get_absolute_url())


@login_required
@require_POST
def notifications_read_all(request):
    marked = notifications.notifications_mark_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "Marked %(count)d notification as read.",
            "Marked %(count)d notifications as read.",
            marked,
        )
        % {"count": marked}
        if marked
        else _("You had no unread notifications."),
    )
    return redirect("forum:notifications")


@login_required
def notification_preferences(request):
    current = notifications.deliveries(request.user)
    if request.method == "POST":
        form = notification_preferences_form(request.POST, initial=current)
        if form.is_valid():
            notifications.preferences_set(user=request.user, choices=form.cleaned_data)
            messages.success(request, _("Your e-mail settings are saved."))
            return redirect("forum:notification_preferences")
        status = 400
    else:
        form = notification_preferences_form(initial=current)
        status = 200
    return render(
        request, "forum/notification_preferences.html", {"form": form}, status=status
    )


@require_GET
def member_profile(request, user_id):
    """A member's public page: name, picture, join date, numbers, recent posts."""
    member = get_object_or_404(
        get_user_model().objects.select_related("forum_profile"),
        pk=user_id,
        is_active=True,
    )
    profile = getattr(member, "forum_profile", None) or Profile(user_id=member.pk)
    return render(
        request,
        "forum/member.html",
        {
            "member": member,
            "profile": profile,
            "stats": selectors.member_stats(member),
            "trust_level": trust.trust_level(member),
            "badges": badges.member_badges(member),
            "questions": selectors.member_questions(member)[:5],
            "answers": selectors.member_answers(member)[:5],
            "is_me": request.user.pk == member.pk,
            "is_moderator": services.is_moderator(request.user),
            "trust_levels": trust.TrustLevel.choices,
        },
    )


MY_LISTS = {
    "questions": (gettext_lazy("Your questions"), selectors.member_questions),
    "answers": (gettext_lazy("Your answers"), selectors.member_answers),
    "following": (gettext_lazy("Threads you follow"), selectors.member_following),
}


@login_required
@require_GET
def my_list(request, which):
    if which not in MY_LISTS:
        raise Http404
    title, selector = MY_LISTS[which]
    page = Paginator(selector(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/my_list.html",
        {"title": title, "which": which, "page_obj": page, "items": page.object_list},
    )


@login_required
@handles_refusals
def profile(request):
    """A member's own settings: display name and picture."""
    instance = services.profile_for(request.user)
    form = ProfileForm(instance=instance)
    avatar_form = AvatarForm()
    status = 200
    if request.method == "POST" and "display_name" in request.POST:
        form = ProfileForm(request.POST, instance=services.profile_for(request.user))
        if form.is_valid():
            services.profile_update(
                user=request.user, display_name=form.cleaned_data["display_name"]
            )
            messages.success(request, _("Your profile is saved."))
            return redirect("forum:profile")
        status = 400
    elif request.method == "POST":
        avatar_form = AvatarForm(request.POST, request.FILES)
        if avatar_form.is_valid():
            upload = avatar_form.cleaned_data["avatar"]
            remove = avatar_form.cleaned_data["remove"]
            try:
                if upload or remove:
                    services.profile_avatar_set(
                        user=request.user, upload=None if remove else upload
                    )
                    messages.success(
                        request,
                        _("Your picture is removed.")
                        if remove
                        else _("Your picture is saved."),
                    )
                    return redirect("forum:profile")
                avatar_form.add_error("avatar", "Choose a picture to upload.")
            except ValidationError as exc:
                avatar_form.add_error("avatar", exc.messages[0])
        status = 400
    return render(
        request,
        "forum/profile.html",
        {"form": form, "avatar_form": avatar_form, "profile": instance},
        status=status,
    )


@login_required
@limited("post")
@handles_refusals
def post_delete(request, pk):
    """Ask first (GET), delete on POST; the message offers to undo it."""
    post = _visible_post_or_404(request, pk)
    if post.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author can delete this post."))
    if request.method != "POST":
        return render(request, "forum/post_delete.html", {"post": post})
    services.post_delete(user=request.user, post=post)
    undo_minutes = int(services.UNDO_DELETE_WINDOW.total_seconds() // 60)
    messages.success(
        request,
        ngettext(
            "Your post is deleted. You can undo this for the next %(count)d minute.",
            "Your post is deleted. You can undo this for the next %(count)d minutes.",
            undo_minutes,
        )
        % {"count": undo_minutes},
        extra_tags=f"undo-delete:{post.pk}",
    )
    if post.is_question:
        return redirect("forum:index")
    return redirect(post.topic.get_absolute_url())


@login_required
@require_POST
@limited("post")
@handles_refusals
def post_undelete(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    services.post_undelete(user=request.user, post=post)
    messages.success(request, _("Your post is back."))
    return HttpResponseRedirect(post.get_absolute_url())


@login_required
@require_POST
@limited("post")
@handles_refusals
def topic_tags(request, pk):
    topic = get_object_or_404(Topic, pk=pk, merged_into__isnull=True)
    if not selectors.can_see_topic(topic=topic, user=request.user):
        raise Http404
    form = TagsForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["tags"][0])
    services.topic_tags_set(
        user=request.user, topic=topic, tags=form.cleaned_data["tags"]
    )
    messages.success(request, _("The tags are saved."))
    return redirect(topic.get_absolute_url())


@login_required
@require_GET
@limited("read_api", method="GET")
def mention_suggestions(request):
    """Members to @mention, for the editor's autocomplete (JSON)."""
    users = notifications.mention_candidates(
        request.GET.get("q", "").replace("\x00", "")
    )
    return JsonResponse(
        {
            "results": [
                {
                    "username": u.get_username(),
                    "name": u.forum_profile.name
                    if hasattr(u, "forum_profile")
                    else u.get_username(),
                }
                for u in users
            ]
        }
    )


@login_required
@require_POST
@limited("post")
def image_upload(request):
    """Upload a picture for a post; answers the Markdown that shows it (JSON)."""
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"error": "Choose a picture to upload."}, status=400)
    try:
        image = services.post_image_upload(
            user=request.user, upload=form.cleaned_data["image"]
        )
    except PermissionDenied as exc:
        return JsonResponse({"error": str(exc)}, status=403)
    except ValidationError as exc:
        return JsonResponse({"error": exc.messages[0]}, status=400)
    return JsonResponse(
        {"url": image.file.url, "markdown": f"![picture]({image.file.url})"}
    )


@require_GET
def trust_levels(request):
    """The rules for reputation and trust levels, from the rules themselves."""
    rows = []
    for level in trust.TrustLevel:
        needed = trust.REQUIREMENTS.get(level)
        rows.append({"level": level, "needed": needed, "limits": trust.LIMITS[level]})
    return render(
        request,
        "forum/trust_levels.html",
        {
            "rows": rows,
            "question_vote": trust.REPUTATION_FOR_QUESTION_VOTE,
            "answer_vote": trust.REPUTATION_FOR_ANSWER_VOTE,
            "accepted": trust.REPUTATION_FOR_ACCEPTED_ANSWER,
            "edits_tags": trust.EDITS_TAGS,
            "undo_minutes": int(services.UNDO_DELETE_WINDOW.total_seconds() // 60),
        },
    )
