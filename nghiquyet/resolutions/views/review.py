"""Reviewing resolutions (R09, R25, R27, R35): last month's review at the next meeting, the closing
review of a resolution, the committee's yearly review.

Each view: access helper → form → one service from `resolutions.review` → redirect with a message.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nghiquyet.lib.errors import ImmutableError
from nghiquyet.lib.forms import add_service_errors
from nghiquyet.meetings import queries as meeting_queries
from nghiquyet.meetings.access import get_meeting_for_user, get_meeting_org_for_user
from nghiquyet.meetings.models import Meeting, MeetingKind, Notice, Section
from nghiquyet.meetings.queries import signing_state
from nghiquyet.orgs import queries
from nghiquyet.orgs.access import viewer_for
from nghiquyet.resolutions import queries as resolution_queries
from nghiquyet.resolutions import services as resolution_services
from nghiquyet.resolutions import texts as resolution_texts

from ..access import get_resolution_for_user
from ..forms.review import AssessmentForm, CloseForm, CommendationForm, EvaluationForm
from ..models import AnnualReview, Rating, Recognition, ResolutionKind, ResolutionStatus
from ..quality_data import MeetingQuality, meeting_quality

SEE = "meetings.see"
RUN = "meetings.run"
MIN_YEAR, MAX_YEAR = 2000, 2100


def _review_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("resolutions:meeting_review", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _form_errors(request: HttpRequest, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# ---------------------------------------------------------------- last month's review (R09, R25)


@login_required
def meeting_review(request: HttpRequest, meeting: int) -> HttpResponse:
    """Last month's resolutions item by item with their states and causes; for those who run the meeting,
    the prefill of the REVIEW section, the evaluations and the commendations. A fixed number of queries."""
    meeting_obj = get_meeting_for_user(request.user, meeting, RUN if request.method == "POST" else SEE)
    closed = signing_state(meeting_obj).closed
    if request.method == "POST":
        if closed:
            messages.error(request, _("The minutes of this meeting are signed: it can no longer be changed."))
            return redirect(_review_url(meeting_obj))
        action = request.POST.get("action")
        handler = {"prefill": _prefill, "evaluate": _evaluate, "commend": _commend}.get(action)
        if handler is None:
            raise Http404
        if action != "prefill" and meeting_obj.is_ahead:
            # The review is prepared ahead; the meeting evaluates and commends on its day (R45).
            messages.error(request, meeting_queries.ahead_message(meeting_obj))
            return redirect(_review_url(meeting_obj))
        try:
            response = handler(request, meeting_obj)
        except ImmutableError:
            messages.error(request, _("The minutes of this meeting are signed: it can no longer be changed."))
            return redirect(_review_url(meeting_obj))
        if response is not None:
            return response
        # An invalid form: the page again with its errors.
    return _render_review(request, meeting_obj, closed)


def _meeting_findings(meeting: Meeting, quality: MeetingQuality) -> list[tuple[str, str]]:
    """(code, message) of the meeting's process findings (R08, R11, R13): the participation checks, members
    silent for several meetings, repeated absences, a late notice and too many focus topics (one query)."""
    names = quality.names
    findings = [(f.code, f.message) for f in quality.findings]
    named = {f.person_id for f in quality.findings if f.code == "silent_member"}
    for silent in quality.silent:
        if silent.person_id in named:
            continue
        findings.append(
            (
                "silent_member",
                _("%(name)s has given no opinion at the last %(n)s meetings they attended.")
                % {"name": names.get(silent.person_id, _("A member")), "n": len(silent.meetings)},
            )
        )
    for absence in quality.absences:
        findings.append(
            (
                "repeated_absence",
                _(
                    "%(name)s was absent from %(absences)s of their last %(window)s meetings "
                    "(%(without)s without a reason)."
                )
                % {
                    "name": names.get(absence.person_id, _("A member")),
                    "absences": absence.absences,
                    "window": absence.window,
                    "without": absence.without_reason,
                },
            )
        )
    notices = Notice.objects.filter(meeting=meeting).aggregate(
        late=Count("id", filter=Q(late=True)), lead=Min("lead_days")
    )
    if notices["late"]:
        findings.append(
            (
                "late_notice",
                ngettext(
                    "The notice was sent late: %(days)s day before the meeting.",
                    "The notice was sent late: %(days)s days before the meeting.",
                    notices["lead"],
                )
                % {"days": notices["lead"]},
            )
        )
    data = quality.data
    if data.focus_topics_count is not None and data.focus_topics_count > data.max_focus_topics:
        findings.append(
            (
                "too_many_topics",
                _("%(count)s focus topics: the focus should be at most %(limit)s topics.")
                % {"count": data.focus_topics_count, "limit": data.max_focus_topics},
            )
        )
    return findings


def _render_review(
    request: HttpRequest,
    meeting: Meeting,
    closed: bool,
    evaluation_form: EvaluationForm | None = None,
    commendation_form: CommendationForm | None = None,
) -> HttpResponse:
    summary = resolution_queries.review_summary(meeting, viewer_for(request.user))
    evaluations = {e.item_id: e for e in meeting.item_evaluations.all()}
    editable = not closed and request.user.has_perm(RUN, meeting)
    # Before the meeting's day only the review text is prepared; evaluations and commendations wait (R45).
    ahead = meeting_queries.ahead_message(meeting) if editable and meeting.is_ahead else ""
    recording = editable and not ahead
    if recording:
        if evaluation_form is None:
            evaluation_form = EvaluationForm(items=[i.item for i in summary.items], evaluations=evaluations)
        if commendation_form is None:
            people, units = resolution_queries.recognizable(meeting)
            commendation_form = CommendationForm(people=people, units=units)
    entry = meeting.agenda.filter(section=Section.REVIEW).first()
    quality = meeting_quality(meeting)
    score = quality.score.score
    context = {
        "meeting": meeting,
        "ancestors": [*queries.ancestors(meeting.org), meeting.org],
        "summary": summary,
        "states": [
            (key, resolution_queries.State.LABELS[key], summary.counts[key])
            for key in resolution_queries.State.ORDER
        ],
        "rows": [
            (r, _item_rows(r, evaluations, evaluation_form if recording else None))
            for r in summary.resolutions
        ],
        "evaluation_form": evaluation_form if recording else None,
        "commendation_form": commendation_form if recording else None,
        "ahead": ahead,
        "commendations": list(meeting.commendations.select_related("person", "unit").order_by("kind", "id")),
        "review_entry": entry,
        "editable": editable,
        "closed": closed,
        "meeting_quality": quality,
        "meeting_quality_band": "good" if score >= 80 else "fair" if score >= 50 else "poor",
        "meeting_findings": _meeting_findings(meeting, quality),
    }
    return render(request, "resolutions/meeting_review.html", context)


def _item_rows(resolution_review, evaluations: dict, form: EvaluationForm | None) -> list[tuple]:
    """(item review, its evaluation at this meeting, the rating and comment fields when editable)."""
    return [
        (
            i,
            evaluations.get(i.item.pk),
            form.rating_field(i.item) if form else None,
            form.comment_field(i.item) if form else None,
        )
        for i in resolution_review.items
    ]


def _prefill(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    try:
        resolution_services.prefill_review(meeting)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The review of last month is filled in the meeting record."))
    return redirect(_review_url(meeting, "rev-text"))


def _evaluate(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    summary = resolution_queries.review_summary(meeting, viewer_for(request.user))
    evaluations = {e.item_id: e for e in meeting.item_evaluations.all()}
    form = EvaluationForm(request.POST, items=[i.item for i in summary.items], evaluations=evaluations)
    if form.is_valid():
        try:
            saved = resolution_services.evaluate_items(meeting, form.ratings())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)s item evaluations saved.") % {"count": len(saved)})
            return redirect(_review_url(meeting, "rev-items"))
    return _render_review(request, meeting, False, evaluation_form=form)


def _commend(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    people, units = resolution_queries.recognizable(meeting)
    form = CommendationForm(request.POST, people=people, units=units)
    if form.is_valid():
        try:
            resolution_services.add_commendation(
                meeting,
                form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                person=form.cleaned_data["person"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["kind"] == Recognition.COMMEND:
                messages.success(request, _("The commendation is recorded."))
            else:
                messages.success(request, _("The criticism is recorded."))
            return redirect(_review_url(meeting, "rev-commendations"))
    return _render_review(request, meeting, False, commendation_form=form)


# ---------------------------------------------------------------- the closing review (R27)


@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an issued resolution with its results and the lessons learned (R27)."""
    resolution = get_resolution_for_user(request.user, pk, "resolutions.lead")
    if resolution.status == ResolutionStatus.DRAFT:
        messages.error(request, _("Only an issued resolution is closed."))
        return redirect(resolution.get_absolute_url())
    item_review = resolution_queries.resolution_review(resolution)
    closing = (
        getattr(resolution, "closing_review", None) if resolution.status == ResolutionStatus.CLOSED else None
    )
    form = None
    if closing is None:
        if request.method == "POST":
            form = CloseForm(request.POST)
            if form.is_valid():
                try:
                    resolution_services.close_resolution(
                        resolution,
                        results=form.cleaned_data["results"],
                        lessons=form.cleaned_data["lessons"],
                        by=request.user,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The resolution is closed with its review."))
                    return redirect(resolution.get_absolute_url())
        else:
            form = CloseForm(initial={"results": resolution_texts.results_text(item_review)})
    elif request.method == "POST":
        messages.error(request, _("This resolution is already closed."))
        return redirect(resolution.get_absolute_url())
    context = {
        "resolution": resolution,
        "ancestors": [*queries.ancestors(resolution.org), resolution.org],
        "item_review": item_review,
        "rows": _item_rows(item_review, {}, None),
        "states": [
            (key, resolution_queries.State.LABELS[key], item_review.counts[key])
            for key in resolution_queries.State.ORDER
        ],
        "form": form,
        "closing": closing,
    }
    return render(request, "resolutions/close.html", context)


# ---------------------------------------------------------------- the yearly review (R35)


@login_required
def annual(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The committee's yearly review: figures compiled from the records, a chart of the items by state
    per month, and the committee's assessment (R35)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    org = get_meeting_org_for_user(request.user, code, RUN if request.method == "POST" else SEE)
    stored = AnnualReview.objects.filter(org=org, year=year).first()
    url = reverse("resolutions:annual", args=[org.code, year])
    form = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "compile":
            resolution_services.compile_annual_review(org, year)
            messages.success(request, _("The yearly review is compiled from the records."))
            return redirect(url)
        if action != "assessment":
            raise Http404
        if stored is None:
            messages.error(request, _("Compile the yearly review before writing the assessment."))
            return redirect(url)
        form = AssessmentForm(request.POST)
        if form.is_valid():
            resolution_services.save_annual_assessment(stored, form.cleaned_data["assessment"])
            messages.success(request, _("The committee's assessment is saved."))
            return redirect(url + "#rev-assessment")
    runs = request.user.has_perm(RUN, org)
    figures = stored.figures if stored else resolution_queries.annual_figures(org, year)
    if runs and stored is not None and form is None:
        form = AssessmentForm(initial={"assessment": stored.assessment})
    context = {
        "org": org,
        "ancestors": queries.ancestors(org),
        "year": year,
        "stored": stored,
        "figures": figures,
        "as_of": dt.date.fromisoformat(figures["as_of"]),
        "kinds": [
            (label, figures["resolutions"]["by_kind"].get(value, 0))
            for value, label in ResolutionKind.choices
        ],
        "meeting_kinds": [
            (label, figures["meetings"]["held_by_kind"].get(value, 0)) for value, label in MeetingKind.choices
        ],
        "ratings": [
            (label, figures["evaluations"]["by_rating"].get(value, 0)) for value, label in Rating.choices
        ],
        "runs": runs,
        "form": form if runs else None,
        "data": _chart_data(figures),
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
    }
    return render(request, "resolutions/annual.html", context)


def _chart_data(figures: dict) -> dict:
    """The series of the items-by-state chart, read by resolutions/annual.js."""
    months = figures["months"]
    series = [
        ("done_on_time", _("Done on time")),
        ("done_late", _("Done late")),
        ("overdue_open", _("Not done, overdue")),
        ("open_not_due", _("Open, not yet due")),
    ]
    return {
        "labels": [_("Month %(month)s") % {"month": m["month"]} for m in months],
        "series": [{"key": key, "label": label, "data": [m[key] for m in months]} for key, label in series],
    }
