"""The meeting record, the vote and the minutes (R09-R14): the pages the secretary or the recorder keeps
during the meeting, on a laptop or a phone.

Every change view: check access → refuse if signing has closed the record → validate the form → call the
service → answer with a partial (htmx) or a redirect back to the record page (a plain form post).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nghiquyet.documents import signing as digital
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.lib.forms import add_service_errors
from nghiquyet.lib.htmx import is_htmx
from nghiquyet.orgs.access import scope_for

from .. import queries, services, texts
from ..access import get_meeting_for_user
from ..documents_context import MINUTES_SOURCE, numbered_minutes
from ..forms.record import AttendanceForm, OpinionForm, SectionForm, SignForm, VoteForm
from ..models import Meeting, MinutesStatus, Phase, Section
from ..queries import Record, Signing, ahead_message, majority_needed, read_record, signing_state
from ..texts import SECTION_VI

SEE = "meetings.see"
RUN = "meetings.run"


# ---------------------------------------------------------------- the record page


@login_required
@require_GET
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole record on one page: attendance, standing sections, spoken opinions, the vote (R09-R14)."""
    meeting = get_meeting_for_user(request.user, pk, RUN)
    return _render_record(request, meeting)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Record attendance, the chair and the recorder (R13)."""
    meeting = get_meeting_for_user(request.user, pk, RUN)
    signing = signing_state(meeting)
    if signing.closed:
        return _refuse_closed(request, meeting, signing)
    if meeting.is_ahead:
        return _refuse_ahead(request, meeting)
    committee = queries.body_of(meeting)
    form = AttendanceForm(request.POST, meeting=meeting, committee=committee, attendance={})
    if form.is_valid():
        try:
            services.record_attendance(
                meeting, form.rows(), chair=form.person("chair"), recorder=form.person("recorder")
            )
        except ImmutableError:
            return _refuse_closed(request, meeting, signing_state(meeting))
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return _invalid(request, meeting, "_rec_attendance.html", attendance_form=form)
    if is_htmx(request):
        return _partials(request, meeting, ["_rec_attendance.html"], saved="attendance")
    messages.success(request, _("Attendance saved."))
    return redirect(_record_url(meeting, "rec-attendance"))


@login_required
@require_POST
def section(request: HttpRequest, pk: int) -> HttpResponse:
    """Save what was said under one standing section (R09, R10, R12); an empty text removes it."""
    meeting = get_meeting_for_user(request.user, pk, RUN)
    signing = signing_state(meeting)
    if signing.closed:
        return _refuse_closed(request, meeting, signing)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown section."))
    key = form.cleaned_data["section"]
    try:
        services.record_section(meeting, key, form.cleaned_data["text"])
    except ImmutableError:
        return _refuse_closed(request, meeting, signing_state(meeting))
    except ValidationError:
        if not meeting.is_ahead:
            raise
        # Only the review of last month is written before the meeting's day (R45).
        return _refuse_ahead(request, meeting)
    if is_htmx(request):
        context = _record_context(meeting)
        item = next(s for s in context["sections"] if s["key"] == key)
        return render(request, "meetings/_rec_section.html", {**context, "s": item, "saved": key})
    messages.success(request, _("Section saved: %(section)s.") % {"section": Section(key).label})
    return redirect(_record_url(meeting, f"rec-section-{key}"))


@login_required
@require_POST
def opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """Write down an opinion a member speaks in the meeting, in the order spoken, dissent included (R11)."""
    meeting = get_meeting_for_user(request.user, pk, RUN)
    signing = signing_state(meeting)
    if signing.closed:
        return _refuse_closed(request, meeting, signing)
    if meeting.is_ahead:
        return _refuse_ahead(request, meeting)
    form = OpinionForm(request.POST, committee=queries.body_of(meeting))
    if form.is_valid():
        try:
            services.add_opinion(
                meeting,
                author=form.speaker_person(),
                stance=form.cleaned_data["stance"],
                text=form.cleaned_data["text"],
                section=form.cleaned_data["section"],
                phase=Phase.DURING,
                by=request.user,
            )
        except ImmutableError:
            return _refuse_closed(request, meeting, signing_state(meeting))
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return _invalid(request, meeting, "_rec_opinions.html", opinion_form=form)
    if is_htmx(request):
        return _partials(request, meeting, ["_rec_opinions.html", "_rec_discussion.html"], saved="opinion")
    messages.success(request, _("Opinion recorded."))
    return redirect(_record_url(meeting, "rec-opinions"))


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the show of hands (R14); whether the resolution is adopted is computed, never entered."""
    meeting = get_meeting_for_user(request.user, pk, RUN)
    signing = signing_state(meeting)
    if signing.closed:
        return _refuse_closed(request, meeting, signing)
    if meeting.is_ahead:
        return _refuse_ahead(request, meeting)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.record_vote(
                meeting,
                subject=form.cleaned_data["subject"],
                votes_for=form.cleaned_data["votes_for"],
                votes_against=form.cleaned_data["votes_against"],
                votes_abstain=form.cleaned_data["votes_abstain"],
            )
        except ImmutableError:
            return _refuse_closed(request, meeting, signing_state(meeting))
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return _invalid(request, meeting, "_rec_vote.html", vote_form=form)
    if is_htmx(request):
        return _partials(request, meeting, ["_rec_vote.html", "_rec_discussion.html"], saved="vote")
    messages.success(request, _("Vote recorded."))
    return redirect(_record_url(meeting, "rec-vote"))


# ---------------------------------------------------------------- the minutes


@login_required
@require_GET
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes: a draft following the record for those who run the meeting, else the stored text (R14)."""
    meeting = get_meeting_for_user(request.user, pk, SEE)
    return _render_minutes(request, meeting)


@login_required
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign the minutes as the chair or the recorder; the second signature locks the meeting (R14).

    Seeing the meeting is enough: who may sign is the chair and the recorder, whatever their position.
    """
    meeting = get_meeting_for_user(request.user, pk, SEE)
    signing = signing_state(meeting)
    if signing.locked:
        return _refuse_closed(request, meeting, signing, to=_minutes_url(meeting))
    if meeting.is_ahead:
        return _refuse_ahead(request, meeting, to=_minutes_url(meeting))
    signer = _signer(request, meeting)
    if signer is None:
        messages.error(request, _("Only the chair and the recorder of this meeting sign its minutes."))
        return redirect(_minutes_url(meeting))
    form = SignForm(request.POST)
    if not form.is_valid():
        return _render_minutes(request, meeting, sign_form=form)
    try:
        signed = services.sign_minutes(meeting, signer, read_back=form.cleaned_data["read_back"])
    except ImmutableError:
        return _refuse_closed(request, meeting, signing_state(meeting), to=_minutes_url(meeting))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_minutes_url(meeting))
    if signed.status == MinutesStatus.SIGNED:
        messages.success(request, _("Both signatures are in: the minutes and the meeting record are locked."))
    else:
        messages.success(request, _("Signed. The minutes await the other signature."))
    return redirect(_minutes_url(meeting))


# ---------------------------------------------------------------- helpers


def _record_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("meetings:record", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _minutes_url(meeting: Meeting) -> str:
    return reverse("meetings:minutes", args=[meeting.pk])


def _refuse(request: HttpRequest, message: str, to: str) -> HttpResponse:
    """Nothing is saved; the reason is shown on the page the user is sent back to (htmx follows
    HX-Redirect, so the whole page reloads)."""
    messages.error(request, message)
    if is_htmx(request):
        response = HttpResponse(message, status=409)
        response["HX-Redirect"] = to
        return response
    return redirect(to)


def _refuse_closed(
    request: HttpRequest, meeting: Meeting, signing: Signing, to: str | None = None
) -> HttpResponse:
    """Refuse a change once signing has closed the record: nothing is called, an error is shown on the page
    the user is sent back to (htmx follows HX-Redirect, so the whole read-only page reloads)."""
    if signing.locked:
        message = _("The minutes of this meeting are signed: the record is locked and cannot be changed.")
    else:
        message = _(
            "Signing of the minutes has begun: the record is locked and cannot be changed. "
            "Ask the other signer to sign."
        )
    return _refuse(request, message, to or _record_url(meeting))


def _refuse_ahead(request: HttpRequest, meeting: Meeting, to: str | None = None) -> HttpResponse:
    """Refuse to record a meeting before its day (R45): nothing is saved, the reason is shown on the page the
    user is sent back to (whole page for htmx, as for a closed record)."""
    message = ahead_message(meeting)
    return _refuse(request, message, to or _record_url(meeting))


def _signer(request: HttpRequest, meeting: Meeting):
    """The user's Person if they are this meeting's chair or recorder, else None."""
    person_id = scope_for(request.user).person_id
    if person_id is None:
        return None
    return next((p for p in (meeting.chair, meeting.recorder) if p is not None and p.pk == person_id), None)


def _record_context(meeting: Meeting, **forms) -> dict:
    rec: Record = read_record(meeting)
    vote = rec.vote
    sections = [
        {
            "key": key,
            "label": label,
            "entry": rec.entries.get(key),
            "form": SectionForm(
                initial={"section": key, "text": rec.entries[key].text if key in rec.entries else ""},
                auto_id=f"id_{key}_%s",
            ),
        }
        for key, label in Section.choices
    ]
    vote_initial = (
        {
            "subject": vote.subject,
            "votes_for": vote.votes_for,
            "votes_against": vote.votes_against,
            "votes_abstain": vote.votes_abstain,
        }
        if vote
        else {"subject": meeting.title}
    )
    return {
        "meeting": meeting,
        "rec": rec,
        "ahead": ahead_message(meeting) if meeting.is_ahead else "",
        "closed": rec.signing.closed,
        "locked": rec.signing.locked,
        "sections": sections,
        "section_names": [*SECTION_VI.values(), *meeting.focus_topics.values_list("title", flat=True)],
        "majority_needed": majority_needed(vote.members_total if vote else rec.quorum.members),
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(meeting=meeting, committee=rec.committee, attendance=rec.attendance),
        "opinion_form": forms.get("opinion_form") or OpinionForm(committee=rec.committee),
        "vote_form": forms.get("vote_form") or VoteForm(initial=vote_initial),
    }


def _render_record(request: HttpRequest, meeting: Meeting, **forms) -> HttpResponse:
    return render(request, "meetings/record.html", _record_context(meeting, **forms))


def _partials(request: HttpRequest, meeting: Meeting, templates: list[str], **extra) -> HttpResponse:
    """The first template is the swapped target; the others update themselves out of band."""
    context = {**_record_context(meeting), **extra}
    html = [
        render_to_string(f"meetings/{name}", {**context, "oob": i > 0}, request=request)
        for i, name in enumerate(templates)
    ]
    return HttpResponse("".join(html))


def _invalid(request: HttpRequest, meeting: Meeting, template: str, **forms) -> HttpResponse:
    """Input refused: the form again with each message next to its field, nothing saved."""
    if is_htmx(request):
        context = _record_context(meeting, **forms)
        return render(request, f"meetings/{template}", context)
    messages.error(request, _("Nothing was saved: correct the marked fields."))
    return _render_record(request, meeting, **forms)


def _render_minutes(
    request: HttpRequest, meeting: Meeting, sign_form: SignForm | None = None
) -> HttpResponse:
    signing = signing_state(meeting)
    runs = request.user.has_perm(RUN, meeting)
    minutes = signing.minutes
    ahead = meeting.is_ahead
    if (
        runs
        and not ahead
        and not signing.closed
        and (minutes is None or minutes.text != texts.minutes_text(meeting))
    ):
        # The draft follows the record until the first signature fixes it; redrafted only when it changed,
        # so viewing the page does not add a history row each time.
        minutes = services.draft_minutes(meeting)
    signer = _signer(request, meeting) if runs and not ahead and not signing.locked else None
    as_chair = as_recorder = False
    if signer is not None:
        as_chair = signer.pk == meeting.chair_id and not (minutes and minutes.chair_signed_at)
        as_recorder = signer.pk == meeting.recorder_id and not (minutes and minutes.recorder_signed_at)
    sign_label = None
    if as_chair and as_recorder:
        sign_label = _("Sign as chair and recorder")
    elif as_chair:
        sign_label = _("Sign as chair")
    elif as_recorder:
        sign_label = _("Sign as recorder")
    has_vote = signing.closed or hasattr(meeting, "vote")
    # The chair and the recorder find the digital signature of the archived minutes here (R42).
    sign_url = (
        digital.sign_url(MINUTES_SOURCE, minutes.pk, scope_for(request.user).person_id)
        if signing.locked and minutes is not None
        else ""
    )
    context = {
        "sign_url": sign_url,
        "meeting": meeting,
        "ahead": ahead_message(meeting) if ahead else "",
        "minutes": minutes,
        # Numbered minutes name their number and the numbering rule of their day (R41).
        "archived": numbered_minutes(meeting) if signing.locked else None,
        "locked": signing.locked,
        "closed": signing.closed,
        "runs": runs,
        "has_vote": has_vote,
        "sign_label": sign_label,
        "sign_form": (sign_form or SignForm()) if sign_label else None,
    }
    return render(request, "meetings/minutes.html", context)
