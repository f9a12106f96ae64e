"""The meeting page and its preparation: focus, documents, notice and written opinions (R06-R08, R11).

Each view checks access through `get_meeting_for_user`, refuses changes to a locked meeting before
reaching the services, calls one service and redirects to the meeting page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nghiquyet.documents.serving import attachment_response
from nghiquyet.lib.errors import ImmutableError
from nghiquyet.lib.forms import add_service_errors, add_upload_errors, mark_invalid
from nghiquyet.lib.htmx import is_htmx, redirect_back
from nghiquyet.orgs import history as org_history
from nghiquyet.orgs import queries as org_queries
from nghiquyet.orgs.access import scope_for, viewer_for

from .. import queries, services
from ..access import get_document_for_user, get_meeting_for_user
from ..forms.prep import DocumentForm, OpinionForm, PrepareForm
from ..models import DocumentKind, Meeting, MeetingKind, Phase, Stance

# When a meeting has no regulation recorded: the defaults of DOMAIN.md.
DEFAULT_MAX_TOPICS = 3


def _back(request: HttpRequest, meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = meeting.get_absolute_url() + (f"#{anchor}" if anchor else "")
    return redirect_back(request, url)


def _refuse_locked(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    messages.error(request, _("The minutes of this meeting are signed: it can no longer be changed."))
    return _back(request, meeting)


def _max_topics(meeting: Meeting) -> int:
    return meeting.regulation.max_focus_topics if meeting.regulation else DEFAULT_MAX_TOPICS


def _opinions_context(
    request: HttpRequest, meeting: Meeting, form: OpinionForm | None = None, topics: list | None = None
) -> dict:
    """The written opinions before the meeting, and the form for those who may add one (two queries)."""
    if topics is None:
        topics = list(meeting.focus_topics.all())
    opinions = list(meeting.opinions.filter(phase=Phase.BEFORE).select_related("author"))
    can_opine = not meeting.is_locked and request.user.has_perm("meetings.give_opinion", meeting)
    return {
        "meeting": meeting,
        "opinions": opinions,
        "dissent_count": sum(1 for o in opinions if o.stance == Stance.DISAGREE),
        "can_opine": can_opine,
        "opinion_form": (form or OpinionForm()) if can_opine else None,
        "topic_titles": [t.title for t in topics],
    }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The hub of a meeting: header, preparation, documents, notice and opinions before it.

    A fixed number of queries whatever the number of documents, notices and opinions.
    """
    return _meeting_page(request, get_meeting_for_user(request.user, pk))


def _meeting_page(request: HttpRequest, meeting: Meeting, document_form: DocumentForm | None = None):
    """The meeting page; `document_form` is a refused upload, shown with its messages by its fields."""
    person_id = scope_for(request.user).person_id
    runs = request.user.has_perm("meetings.run", meeting)
    locked = meeting.is_locked

    topics = list(meeting.focus_topics.all())
    documents = list(meeting.documents.select_related("attachment"))
    document_groups = [
        (label, [d for d in documents if d.kind == kind])
        for kind, label in DocumentKind.choices
        if any(d.kind == kind for d in documents)
    ]

    # The draft drafted in the app goes with the notice as it stands: no download and upload again (R07).
    resolutions = queries.resolutions_of(meeting, viewer_for(request.user))
    draft_resolution = queries.draft_among(resolutions)

    if runs:
        notices = sorted(meeting.notices.select_related("recipient"), key=lambda n: n.recipient.sort_key)
        own_notice = next((n for n in notices if n.recipient_id == person_id), None)
        notified = {n.recipient_id for n in notices}
        not_notified = [p for p in queries.body_of(meeting) if p.pk not in notified]
    else:
        notices, not_notified = [], []
        own_notice = (
            meeting.notices.select_related("recipient").filter(recipient_id=person_id).first()
            if person_id
            else None
        )
    if own_notice is not None and own_notice.opened_at is None:
        services.mark_notice_opened(meeting, own_notice.recipient)
        own_notice.opened_at = timezone.now()

    context = {
        "meeting": meeting,
        "ancestors": [*org_queries.ancestors(meeting.org), meeting.org],
        # The organization as it was named on the meeting's day (R39): one query.
        "org_then": org_history.org_on(meeting.org, meeting.date),
        "runs": runs,
        "locked": locked,
        # The adoption rule judged by (R41): the vote's recorded version, else the one of the meeting's date.
        "adoption_rule": queries.applied_rule(getattr(meeting, "vote", None), meeting),
        # A cell's meeting is also judged by the cell rule of its date (R41): one query, none for a committee.
        "cell": queries.cell_judgement(meeting, timezone.localdate()),
        # An online or hybrid meeting names the online rule of its date (R41): none for one in person.
        "online": queries.online_judgement(meeting),
        "moved": meeting.nominal_date is not None and meeting.date != meeting.nominal_date,
        "topics": topics,
        "max_topics": _max_topics(meeting),
        "too_many_topics": len(topics) > _max_topics(meeting),
        "document_groups": document_groups,
        "draft_resolution": draft_resolution,
        "issued_resolutions": [r for r in resolutions if not r.is_draft],
        "document_form": (document_form or DocumentForm()) if runs and not locked else None,
        "notices": notices,
        "opened_count": sum(1 for n in notices if n.opened_at),
        "late_count": sum(1 for n in notices if n.late),
        "not_notified": not_notified,
        "own_notice": own_notice,
        **_opinions_context(request, meeting, topics=topics),
    }
    return render(request, "meetings/meeting.html", context)


@login_required
def prepare(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the study, the drafter and the focus topics agreed by the Standing Committee (R06, R08)."""
    meeting = get_meeting_for_user(request.user, pk, "meetings.run")
    if meeting.is_locked:
        return _refuse_locked(request, meeting)
    committee = queries.body_of(meeting)
    if request.method == "POST":
        form = PrepareForm(request.POST, meeting=meeting, committee=committee)
        if form.is_valid():
            try:
                result = services.prepare(
                    meeting,
                    topics=form.cleaned_data["topics"],
                    drafter=form.cleaned_data["drafter"],
                    preparation_notes=form.cleaned_data["preparation_notes"].strip(),
                    prepared_in=form.cleaned_data["prepared_in"],
                    meeting_form=form.cleaned_data["meeting_form"],
                    remote_members=form.cleaned_data["remote_members"],
                    form_reason=form.cleaned_data["form_reason"],
                )
            except ImmutableError:
                return _refuse_locked(request, meeting)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The preparation of the meeting is recorded."))
                for warning in result.warnings:
                    messages.warning(request, warning)
                return _back(request, meeting, "preparation")
    else:
        form = PrepareForm(
            meeting=meeting,
            committee=committee,
            initial={
                "prepared_in": meeting.prepared_in_id,
                "preparation_notes": meeting.preparation_notes,
                "drafter": meeting.drafter_id,
                "topics": "\n".join(t.title for t in meeting.focus_topics.all()),
                "meeting_form": meeting.meeting_form,
                "remote_members": meeting.remote_members,
                "form_reason": meeting.form_reason,
            },
        )
    context = {
        "meeting": meeting,
        "ancestors": [*org_queries.ancestors(meeting.org), meeting.org],
        "form": form,
        "max_topics": _max_topics(meeting),
    }
    return render(request, "meetings/prepare.html", context)


@login_required
@require_POST
def upload_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the draft resolution, a working paper or an upper-level document (R07)."""
    meeting = get_meeting_for_user(request.user, pk, "meetings.run")
    if meeting.is_locked:
        return _refuse_locked(request, meeting)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused_upload(request, meeting, form)
    uploaded = form.cleaned_data["file"]
    try:
        document = services.attach_document(
            meeting,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            number=form.cleaned_data["number"].strip(),
            uploaded=uploaded,
            by=request.user,
        )
    except ImmutableError:
        return _refuse_locked(request, meeting)
    except ValidationError as error:
        # The upload check's messages name the file already: they go next to the file field.
        add_upload_errors(form, error)
        return _refused_upload(request, meeting, form)
    messages.success(request, _("“%(title)s” is attached to the meeting.") % {"title": document.title})
    return _back(request, meeting, "documents")


def _refused_upload(request: HttpRequest, meeting: Meeting, form: DocumentForm) -> HttpResponse:
    """The meeting page again, the upload form open with each message by its field and the first field in
    error focused (so in view), nothing stored."""
    mark_invalid(form)
    return _meeting_page(request, meeting, document_form=form)


@login_required
@require_POST
def remove_document(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    """Take back a document attached by mistake, while the record is open (R07)."""
    meeting = get_meeting_for_user(request.user, pk, "meetings.run")
    document = get_object_or_404(meeting.documents, pk=doc)
    try:  # the service refuses a locked record (signed, or a first signature on the minutes)
        services.remove_document(meeting, document, by=request.user)
    except ImmutableError:
        return _refuse_locked(request, meeting)
    messages.success(request, _("“%(title)s” is removed from the meeting.") % {"title": document.title})
    return _back(request, meeting, "documents")


@login_required
def download_document(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    """A document of the meeting, to those who may see the meeting."""
    document = get_document_for_user(request.user, pk, doc)
    return attachment_response(document.attachment)


@login_required
@require_POST
def send_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Notify every member of the meeting's body not yet notified, in the app and by e-mail (R07)."""
    meeting = get_meeting_for_user(request.user, pk, "meetings.run")
    if meeting.is_locked:
        return _refuse_locked(request, meeting)
    try:
        notices = services.send_notice(meeting, by=request.user)
    except ImmutableError:
        return _refuse_locked(request, meeting)
    # A Standing Committee meeting calls only its own members (queries.body_of): say so.
    standing = meeting.kind == MeetingKind.STANDING
    if not notices:
        messages.info(
            request,
            _("Every Standing Committee member has already been notified.")
            if standing
            else _("Every committee member has already been notified."),
        )
        return _back(request, meeting, "notice")
    sent = (
        ngettext(
            "The notice was sent to %(count)s Standing Committee member.",
            "The notice was sent to %(count)s Standing Committee members.",
            len(notices),
        )
        if standing
        else ngettext(
            "The notice was sent to %(count)s committee member.",
            "The notice was sent to %(count)s committee members.",
            len(notices),
        )
    )
    messages.success(request, sent % {"count": len(notices)})
    late = sum(1 for n in notices if n.late)
    if late:
        required = queries.notice_days_required(meeting)
        messages.warning(
            request,
            ngettext(
                "%(late)s notice is late: sent %(days)s days before the meeting, "
                "fewer than the %(required)s days the regulation requires.",
                "%(late)s notices are late: sent %(days)s days before the meeting, "
                "fewer than the %(required)s days the regulation requires.",
                late,
            )
            % {"late": late, "days": notices[0].lead_days, "required": required},
        )
    return _back(request, meeting, "notice")


@login_required
@require_POST
def add_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """A written opinion on the draft before the meeting (R11), by a member of the meeting's body.

    An htmx request gets the updated opinions section back; others are redirected to the meeting page.
    """
    meeting = get_meeting_for_user(request.user, pk, "meetings.give_opinion")
    if meeting.is_locked:
        return _refuse_locked(request, meeting)
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.add_opinion(
                meeting,
                author=request.user.person,
                stance=form.cleaned_data["stance"],
                section=form.cleaned_data["section"].strip(),
                text=form.cleaned_data["text"],
                phase=Phase.BEFORE,
                by=request.user,
            )
        except ImmutableError:
            return _refuse_locked(request, meeting)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if is_htmx(request):
                return render(request, "meetings/_prep_opinions.html", _opinions_context(request, meeting))
            messages.success(request, _("Your opinion is recorded."))
            return _back(request, meeting, "opinions")
    if is_htmx(request):
        return render(request, "meetings/_prep_opinions.html", _opinions_context(request, meeting, form))
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return _back(request, meeting, "opinions")
