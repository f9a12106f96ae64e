"""Sharing and proposal pages (R29, R30): the bloc's good resolutions by topic, shown read-only to every
committee member of the bloc; proposals to improve resolutions, answered by the Organization Board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.documents.models import Confidentiality
from nghiquyet.lib.forms import add_service_errors
from nghiquyet.lib.paths import under_q
from nghiquyet.lib.vietnamese import fold
from nghiquyet.orgs.models import Organization
from nghiquyet.resolutions.models import Resolution

from .. import queries, services
from ..access import SHARED_STATUSES, SHOWN_EXAMPLES, get_example_for_user, get_proposal_for_user, roles_for
from ..forms.common import AnswerForm
from ..forms.sharing import ExampleFilterForm, ProposalForm, ShareForm
from ..models import Example, Proposal, ProposalStatus, Topic
from .common import acting_person, error_messages, form_messages, led_ids, page_of, require

MAX_SHAREABLE = 200


def _examples_visible(request: HttpRequest):
    """Shared issued resolutions of the blocs the user works in; drafts never."""
    roles = roles_for(request.user)
    examples = Example.objects.filter(SHOWN_EXAMPLES)
    if roles.everything:
        return examples
    return examples.filter(under_q((f"{code}/" for code in roles.bloc_codes), "resolution__org__path"))


@login_required
def example_list(request: HttpRequest) -> HttpResponse:
    """The bloc's shared resolutions, by topic and searchable; a fixed number of queries."""
    roles = roles_for(request.user)
    require(roles.everything or bool(roles.bloc_codes))
    form = ExampleFilterForm(request.GET or None)
    visible = _examples_visible(request)
    examples = visible
    topic_key = ""
    if form.is_bound and form.is_valid():
        topic_key = fold(form.cleaned_data["topic"])
        if topic_key:
            examples = examples.filter(topics__key=topic_key)
        text = fold(form.cleaned_data["q"])
        if text:
            examples = examples.filter(resolution__search_text__contains=text)
    examples = (
        examples.select_related("resolution__org", "shared_by")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("key")))
        .order_by("-shared_at", "-id")
    )
    topics = (
        Topic.objects.filter(examples__in=visible)
        .annotate(n=Count("examples", distinct=True))
        .order_by("key")
    )
    context = {
        "page": page_of(request, examples),
        "topics": list(topics),
        "topic_key": topic_key,
        "form": form,
        "can_share": bool(led_ids(request)),
    }
    return render(request, "oversight/example_list.html", context)


@login_required
def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared resolution, read-only: its text and items (not its implementation details)."""
    example = get_example_for_user(request.user, pk)
    resolution = example.resolution
    items = list(resolution.items.select_related("assignee", "supervisor").order_by("order", "id"))
    context = {
        "example": example,
        "resolution": resolution,
        "items": items,
        "topics": list(example.topics.order_by("key")),
        "can_withdraw": request.user.has_perm("oversight.lead", resolution.org),
    }
    return render(request, "oversight/example_detail.html", context)


@login_required
def share(request: HttpRequest) -> HttpResponse:
    """A leader shares one of their organization's issued resolutions as a good example."""
    led = led_ids(request)
    require(bool(led))
    resolutions = list(
        Resolution.objects.filter(org_id__in=led, status__in=SHARED_STATUSES)
        .filter(confidentiality=Confidentiality.NONE)  # never shared (#17.2)
        .select_related("org")
        .order_by("-issued_on", "-id")[:MAX_SHAREABLE]
    )
    initial = {}
    if request.GET.get("resolution", "").isdigit():
        initial["resolution"] = int(request.GET["resolution"])
    form = ShareForm(request.POST or None, resolutions=resolutions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            example = services.share_resolution(
                data["resolution"],
                person=acting_person(request),
                topics=queries.parse_topics(data["topics"]),
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The resolution is shared with the whole bloc."))
            return redirect(example)
    return render(request, "oversight/share_form.html", {"form": form})


@login_required
@require_POST
def example_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    example = get_example_for_user(request.user, pk, "lead")
    services.withdraw_example(example)
    messages.success(request, _("The resolution is no longer shared."))
    return redirect("oversight:example_list")


# ---------------------------------------------------------------- proposals (R30)


def _proposals_visible(request: HttpRequest):
    roles = roles_for(request.user)
    if roles.everything:
        return Proposal.objects.all()
    q = Q(pk__in=[])
    if roles.direct_paths:
        q |= roles.under_q(roles.direct_paths, "org__")
    if roles.person_id:
        q |= Q(proposer_id=roles.person_id)
    return Proposal.objects.filter(q)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """Proposals: all of the bloc for the board, one's own otherwise; a fixed number of queries."""
    roles = roles_for(request.user)
    require(roles.is_director or bool(roles.seat_paths))
    proposals = _proposals_visible(request).select_related("org", "proposer").order_by("-created_at", "-id")
    context = {"page": page_of(request, proposals), "can_propose": bool(roles.seat_paths)}
    return render(request, "oversight/proposal_list.html", context)


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    """Any committee member proposes how to improve the quality of resolutions."""
    seats = list(roles_for(request.user).seat_paths)
    require(bool(seats))
    form = ProposalForm(request.POST or None, orgs=Organization.objects.filter(pk__in=seats).order_by("path"))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.file_proposal(
                form.cleaned_data["org"], person=acting_person(request), text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is sent to the Organization Board."))
            return redirect(proposal)
    return render(request, "oversight/proposal_form.html", {"form": form})


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    can_answer = proposal.status == ProposalStatus.OPEN and request.user.has_perm(
        "oversight.direct", proposal.org
    )
    context = {"proposal": proposal, "answer_form": AnswerForm() if can_answer else None}
    return render(request, "oversight/proposal_detail.html", context)


@login_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, "direct")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        form_messages(request, form)
        return redirect(proposal)
    try:
        services.answer_proposal(proposal, person=acting_person(request), answer=form.cleaned_data["answer"])
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("The answer is sent to %(name)s.") % {"name": proposal.proposer.full_name}
        )
    return redirect(reverse("oversight:proposal", args=[proposal.pk]))
