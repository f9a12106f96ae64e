"""Reorganizations (R39, R40): the upper level's officers fill in the decision, see what will change and
what will move where, apply it, and undo or confirm it from its report. Check access, call the service,
respond."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nghiquyet.lib.forms import add_service_errors

from .. import carriers, services
from ..access import get_org_for_user, get_reorganization_for_user
from ..forms.reorganization import ReorganizationForm
from ..models import ReorganizationKind, ReorganizationStatus, Term

ASSIGN_PREFIX = "assign-"


def _assignment(post) -> dict[str, dict[int, int]]:
    """The split's choices posted from the preview: assign-<carrier>-<record id> = part index."""
    assignment: dict[str, dict[int, int]] = {}
    for key, value in post.items():
        if not key.startswith(ASSIGN_PREFIX):
            continue
        carrier, _sep, object_id = key[len(ASSIGN_PREFIX) :].rpartition("-")
        if object_id.isdigit() and value.lstrip("-").isdigit():
            assignment.setdefault(carrier, {})[int(object_id)] = int(value)
    return assignment


@login_required
def reorganize(request: HttpRequest, code: str) -> HttpResponse:
    """The form; "Preview" shows what would change, writing nothing; "Apply" applies it in one go."""
    issuer = get_org_for_user(request.user, code, "orgs.reorganize")
    form = ReorganizationForm(request.POST or None, issuer=issuer)
    plan = None
    if request.method == "POST" and form.is_valid():
        spec = form.spec(_assignment(request.POST))
        try:
            if request.POST.get("action") == "apply":
                reorg = services.reorganize(spec, by=request.user)
                messages.success(
                    request, _("The reorganization was applied. Check the report, then confirm it.")
                )
                return redirect("orgs:reorganization", reorg.pk)
            plan = services.preview(spec)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "org": issuer,
        "form": form,
        "plan": plan,
        "is_split": form.is_bound and form.data.get("kind") == ReorganizationKind.SPLIT,
    }
    return render(request, "orgs/reorganize.html", context)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """What a reorganization did: its decision, and every record it passed on, grouped from → to."""
    reorg = get_reorganization_for_user(request.user, pk)
    moves = list(reorg.moves.select_related("from_org", "to_org").order_by("carrier", "from_org__path", "id"))
    labels = {c.name: c.label for c in carriers.carriers()} | {"units": _("Subordinate units")}
    for move in moves:
        move.what = labels.get(move.carrier, move.carrier)
    sources, successors = list(reorg.sources.all()), list(reorg.successors.all())
    # The report is read by the committees that received organizations too: each name links to its page only
    # for who may open it (a dissolved upper level, the other successor).
    for org in (*sources, *successors):
        org.linked = request.user.has_perm("orgs.see_org", org)
    # The number series (R40): the organizations it created, and an existing successor that had no term
    # in office, start theirs with the terms it appointed; those it renamed or moved, and an existing
    # successor with its term, keep theirs.
    new_terms, kept = [], []
    if reorg.status != ReorganizationStatus.UNDONE:
        new_terms = list(Term.objects.filter(pk__in=reorg.plan.get("terms", [])).order_by("org__path"))
        appointed = {t.org_id for t in new_terms}
        if reorg.kind in (ReorganizationKind.RENAME, ReorganizationKind.MOVE):
            kept = sources
        elif reorg.kind != ReorganizationKind.CREATE:
            kept = [o for o in successors if o.pk not in appointed]
    names = {o.pk: o.name for o in successors}
    for term in new_terms:
        term.org_name = names.get(term.org_id, "")
    return render(
        request,
        "orgs/reorganization.html",
        {
            "reorg": reorg,
            "org": reorg.issuer,
            "sources": sources,
            "successors": successors,
            "moves": moves,
            "new_terms": new_terms,
            "kept_series": kept,
            "can_change": reorg.undoable and request.user.has_perm("orgs.reorganize", reorg.issuer),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo or confirm an applied reorganization."""
    reorg = get_reorganization_for_user(request.user, pk, "orgs.reorganize")
    try:
        if request.POST.get("action") == "undo":
            services.undo_reorganization(reorg)
            messages.success(request, _("The reorganization was undone: everything is as it was before."))
        else:
            services.confirm_reorganization(reorg)
            messages.success(request, _("The reorganization was confirmed."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("orgs:reorganization", reorg.pk)
