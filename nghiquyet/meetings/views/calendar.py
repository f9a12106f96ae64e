"""Calendar pages (R04, R05): an organization's meetings by year and by month, its meeting regulation,
its activity programs; a member's own meetings and their iCal feed. Check access, validate, call the
service, redirect."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from nghiquyet.lib.forms import add_service_errors
from nghiquyet.lib.htmx import is_htmx
from nghiquyet.orgs.access import scope_for
from nghiquyet.orgs.models import Organization, Person
from nghiquyet.orgs.queries import ancestors

from .. import ical, queries, services
from ..access import get_meeting_org_for_user, meetings_of
from ..calendar import holiday_name
from ..forms.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    AddMeetingForm,
    ProgramForm,
    ProgramItemForm,
    RegulationForm,
    YearForm,
    initial_date,
)
from ..models import CalendarToken, FocusTopic, Meeting, Program, ProgramKind
from ..services import programs as program_services

# Past meetings kept in the feed, so a calendar still shows last quarter's meetings.
FEED_PAST_DAYS = 90


def _int_param(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    """A whole number from the query string; out of range or malformed falls back to `default`."""
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default
    return value if low <= value <= high else default


def _org_context(request: HttpRequest, org: Organization) -> dict:
    return {
        "org": org,
        "ancestors": ancestors(org),
        "runs": request.user.has_perm("meetings.run", org),
    }


# ---------------------------------------------------------------- an organization's meetings (R04)


@login_required
@require_GET
def meeting_list(request: HttpRequest, code: str) -> HttpResponse:
    """The organization's meetings of one year, with the actions of those who run its meetings; a former
    upper level reads those of its period (R40), from the last year of it by default."""
    org = get_meeting_org_for_user(request.user, code, past=True)
    today = timezone.localdate()
    until = scope_for(request.user).past_until(org)
    default_year = min(today.year, until.year) if until else today.year
    year = _int_param(request, "year", default_year, MIN_YEAR, MAX_YEAR)
    meetings = list(
        meetings_of(request.user, org).filter(date__year=year).order_by("date", "start_time", "id")
    )
    context = {
        **_org_context(request, org),
        "year": year,
        "meetings": meetings,
        # A cell's thematic meetings by quarter, as the cell rule of each quarter's end asks (R41): no query.
        # A former upper level judges only the quarters over by its last day (R40).
        "quarters": queries.thematic_by_quarter(org, year, meetings, until or today),
        "regulation": queries.regulation_on(org, until or today),
        "today": today,
        "readable_until": until,
    }
    return render(request, "meetings/list.html", context)


@login_required
@require_GET
def month_calendar(request: HttpRequest, code: str) -> HttpResponse:
    """A month grid, Monday first: the meetings on their days and the public holidays by name."""
    org = get_meeting_org_for_user(request.user, code)
    today = timezone.localdate()
    year = _int_param(request, "year", today.year, MIN_YEAR, MAX_YEAR)
    month = _int_param(request, "month", today.month, 1, 12)
    weeks = pycalendar.Calendar(firstweekday=pycalendar.MONDAY).monthdatescalendar(year, month)
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in (
        Meeting.objects.for_org(org)
        .filter(date__range=(weeks[0][0], weeks[-1][-1]))
        .order_by("date", "start_time", "id")
    ):
        by_day.setdefault(meeting.date, []).append(meeting)
    grid = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "holiday": holiday_name(day),
                "meetings": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]
    first = dt.date(year, month, 1)
    previous = first - dt.timedelta(days=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        **_org_context(request, org),
        "year": year,
        "month": month,
        "month_name": MONTHS[month],
        "weekdays": [WEEKDAYS[i] for i in range(7)],
        "grid": grid,
        "today": today,
        "previous": previous if previous.year >= MIN_YEAR else None,
        "following": following if following.year <= MAX_YEAR else None,
    }
    template = "meetings/_cal_month.html" if is_htmx(request) else "meetings/calendar.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def regulation(request: HttpRequest, code: str) -> HttpResponse:
    """The meeting regulations in force and past; those who run the meetings adopt a new one."""
    perm = "meetings.run" if request.method == "POST" else "meetings.see"
    org = get_meeting_org_for_user(request.user, code, perm)
    today = timezone.localdate()
    current = queries.regulation_on(org, today)
    if request.method == "POST":
        form = RegulationForm(request.POST)
        if form.is_valid():
            try:
                adopted = services.set_regulation(
                    org, form.cleaned_data["effective_from"], **form.service_fields()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Meeting regulation adopted: %(rule)s, from %(date)s.")
                    % {"rule": adopted.describe(), "date": adopted.effective_from.strftime("%d/%m/%Y")},
                )
                return redirect("meetings:regulation", org.code)
    else:
        form = RegulationForm(initial=_regulation_initial(current, today))
    context = {
        **_org_context(request, org),
        "regulations": list(org.meeting_regulations.order_by("-effective_from")),
        "current": current,
        "form": form,
    }
    return render(request, "meetings/regulation.html", context)


def _regulation_initial(current, today: dt.date) -> dict:
    """Prefill with the regulation in force, taking effect on the first day of next month."""
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    initial = {"effective_from": next_month}
    if current is not None:
        for name in RegulationForm.base_fields:
            if name != "effective_from":
                initial[name] = getattr(current, name)
    return initial


@login_required
@require_POST
def generate(request: HttpRequest, code: str) -> HttpResponse:
    """Create the year's regular meetings from the regulation; months already planned are kept."""
    org = get_meeting_org_for_user(request.user, code, "meetings.run")
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose a year between %(start)s and %(end)s.") % {"start": MIN_YEAR, "end": MAX_YEAR}
        )
        return redirect("meetings:list", org.code)
    year = form.cleaned_data["year"]
    if not org.meeting_regulations.exists():
        messages.error(
            request, _("Adopt a meeting regulation first: it fixes the day of the regular meetings.")
        )
        return redirect("meetings:regulation", org.code)
    try:
        created = services.generate_year(org, year)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{reverse('meetings:list', args=[org.code])}?year={year}")
    messages.success(
        request,
        ngettext(
            "%(count)s meeting created for %(year)s.",
            "%(count)s meetings created for %(year)s.",
            len(created),
        )
        % {"count": len(created), "year": year},
    )
    return redirect(f"{reverse('meetings:list', args=[org.code])}?year={year}")


@login_required
@require_http_methods(["GET", "POST"])
def add_meeting(request: HttpRequest, code: str) -> HttpResponse:
    """Add a thematic, extraordinary or Standing Committee meeting to the calendar."""
    org = get_meeting_org_for_user(request.user, code, "meetings.run")
    if request.method == "POST":
        form = AddMeetingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.add_meeting(
                    org,
                    data["kind"],
                    data["date"],
                    data["title"].strip(),
                    start_time=data["start_time"],
                    place=data["place"].strip(),
                    theme_reason=data["theme_reason"].strip(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Meeting added to the calendar."))
                return redirect(meeting)
    else:
        form = AddMeetingForm(
            initial={"date": initial_date(request.GET.get("date")), "kind": request.GET.get("kind")}
        )
    return render(request, "meetings/add.html", {**_org_context(request, org), "form": form})


# ---------------------------------------------------------------- programs (R05)


@login_required
@require_http_methods(["GET", "POST"])
def programs(request: HttpRequest, code: str) -> HttpResponse:
    """The term, annual and monthly programs of the committee; those who run its meetings start new ones."""
    perm = "meetings.run" if request.method == "POST" else "meetings.see"
    org = get_meeting_org_for_user(request.user, code, perm)
    if request.method == "POST":
        form = ProgramForm(request.POST)
        if form.is_valid():
            try:
                program = program_services.create_program(org, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Program “%(title)s” created.") % {"title": program.title})
                return redirect("meetings:program", program.pk)
    else:
        form = ProgramForm(initial={"kind": ProgramKind.YEAR, "year": timezone.localdate().year})
    listed = org.programs.annotate(item_count=Count("items")).order_by(
        "kind", "-year", "-month", "-created_at"
    )
    context = {
        **_org_context(request, org),
        "programs": _grouped(listed),
        "form": form,
    }
    return render(request, "meetings/programs.html", context)


def _grouped(listed) -> list[tuple[str, list[Program]]]:
    """Programs under their kind's heading, term first, then annual, then monthly."""
    groups: dict[str, list[Program]] = {kind: [] for kind in ProgramKind.values}
    for program in listed:
        groups[program.kind].append(program)
    return [(ProgramKind(kind).label, items) for kind, items in groups.items() if items]


def _get_program_for_user(user, pk: int, perm: str = "meetings.see") -> Program:
    """The program if `user` holds `perm` on its organization's meetings; 404 otherwise."""
    program = Program.objects.select_related("org").filter(pk=pk).first()
    if program is None:
        raise Http404
    program.org = get_meeting_org_for_user(user, program.org.code, perm)
    return program


@login_required
@require_http_methods(["GET", "POST"])
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A program's items, each with the meetings that took it up; those who run meetings add items."""
    perm = "meetings.run" if request.method == "POST" else "meetings.see"
    program = _get_program_for_user(request.user, pk, perm)
    if request.method == "POST":
        form = ProgramItemForm(request.POST)
        if form.is_valid():
            try:
                program_services.add_program_item(program, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Item added to the program."))
                return redirect("meetings:program", program.pk)
    else:
        form = ProgramItemForm(initial={"planned_month": program.month})
    items = program.items.prefetch_related(
        Prefetch("topics", queryset=FocusTopic.objects.select_related("meeting").order_by("meeting__date"))
    )
    context = {**_org_context(request, program.org), "program": program, "items": items, "form": form}
    return render(request, "meetings/program.html", context)


# ---------------------------------------------------------------- a member's own meetings


def _person_of(user) -> Person | None:
    # Through the relation, so the top bar of the page reuses the same row.
    try:
        return user.person
    except Person.DoesNotExist:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def my_meetings(request: HttpRequest) -> HttpResponse:
    """The coming meetings of every committee the user sits on, and the link of their iCal feed."""
    person = _person_of(request.user)
    if request.method == "POST":
        if person is None:
            raise Http404
        program_services.regenerate_calendar_token(person)
        messages.success(request, _("A new calendar link was made; the old one no longer works."))
        return redirect("meetings:mine")
    context: dict = {"person": person, "meetings": [], "feed_url": None}
    if person is not None:
        today = timezone.localdate()
        token = program_services.calendar_token_for(person)
        context.update(
            meetings=queries.committee_meetings(person, today),
            feed_url=request.build_absolute_uri(reverse("meetings:ical", args=[token.token])),
            today=today,
        )
    return render(request, "meetings/mine.html", context)


@require_safe
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The member's meetings as iCalendar, for calendar programs: the secret token stands in for a login."""
    found = CalendarToken.objects.select_related("person").filter(token=token).first()
    if found is None:
        raise Http404
    since = timezone.localdate() - dt.timedelta(days=FEED_PAST_DAYS)
    body = ical.build_feed(
        queries.committee_meetings(found.person, since),
        name=_("Meetings of %(name)s") % {"name": found.person.full_name},
        url_for=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nghiquyet.ics"'
    # The token is a secret in the address: keep the feed out of shared caches and search engines.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
