"""The city's district level and its end on 1 July 2025 (R39, R40), at the city scale only.

From 1 July 2025 the district level is gone from the Party's system (Quy định 294-QĐ/TW of 26 May 2025:
central, province, commune levels). In Hà Nội the City Party Committee's executive committee ended the
activity of the 30 district party committees and founded the party committees of the 126 new communes and
wards (51 wards, 75 communes: Nghị quyết 1656/NQ-UBTVQH15 of 16 June 2025), announced on 30 June 2025
(phunuonline.com.vn, 30/06/2025, "Chủ tịch nước Lương Cường dự lễ công bố 126 xã, phường mới của Hà Nội";
vietnam.vn, "Hà Nội chính thức có 126 xã, phường", on resolution 1656 naming the wards Hoàn Kiếm, Cửa
Nam, Ba Đình, Ngọc Hà; rss.kynguyenmoi.io.vn/?p=5868 on the wards that took over the districts Ba Đình,
Đống Đa and Cầu Giấy). docs/reorganization.md lists the sources.

The city scale's registry puts every grassroots organization directly under its one upper committee. This
module gives it a district level, then ends it as Hà Nội did:

- `place_districts`: four district party committees (Quận ủy) hold the grassroots organizations named
  after their district ("Đảng bộ Trường Mầm non quận Ba Đình") from before the records: a generator's
  placement, written in bulk without versions, as the registry writes everything (an organization without
  versions counts as always having been where it is, `orgs.history`).
- `dissolve_districts`: on 1 July 2025 each district's organizations pass to the ward committees founded
  that day, in turn by code, and the district committee ends; all through the reorganization service
  (`orgs.services.reorganization`), which writes the versions (the tree of 30 June 2025 still shows the
  districts), the Reorganization rows with their decision, and the moves, and passes on any open record.
  The decision was taken above the application's tree (`Spec.decided_above`); its number was not found
  in the sources searched, and the demo says so in the number rather than invent one.

Run by `seed_demo` before the meeting history (`district_level_2025`), so the history runs under today's
tree and the districts hold no records of their own.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Concat, Substr

from nghiquyet.lib.paths import under_q
from nghiquyet.orgs.models import (
    GRASSROOTS_KINDS,
    Organization,
    OrganizationVersion,
    OrgKind,
    Person,
    Reorganization,
)
from nghiquyet.orgs.services import NewOrg, Spec, confirm_reorganization, reorganize

from .registry import BLOC_CODE, analyze

EFFECTIVE = dt.date(2025, 7, 1)
LAST_DAY = EFFECTIVE - dt.timedelta(days=1)
DECIDED = dt.date(2025, 6, 30)  # announced that day (phunuonline.com.vn, 30/06/2025)
DECIDED_BY = "Ban Chấp hành Đảng bộ thành phố Hà Nội"
DECISION = "QĐ/TU (số chưa tra được)"
# The scale whose seed gets the district level: the bloc and the tiny demo have no districts (the nation's
# registry is too large to move; it keeps the 2016 tree).
SCALE = "city"
SCALES = ("city", "nation")  # where the bloc stands for a larger upper level and does not end


@dataclass(frozen=True)
class District:
    """A district party committee until 30 June 2025 and the ward committees that took its organizations."""

    code: str
    place: str  # as in registry.PLACES: the grassroots organizations named after it sat under it
    wards: tuple[tuple[str, str], ...]  # (code, name)

    @property
    def name(self) -> str:
        return f"Đảng bộ {self.place}"


# The wards each district's area passed to (resolution 1656/NQ-UBTVQH15; the kynguyenmoi.io.vn table).
DISTRICTS = (
    District(
        "QBD",
        "quận Ba Đình",
        (
            ("PBADINH", "Đảng bộ phường Ba Đình"),
            ("PNGOCHA", "Đảng bộ phường Ngọc Hà"),
            ("PGIANGVO", "Đảng bộ phường Giảng Võ"),
        ),
    ),
    District(
        "QHK",
        "quận Hoàn Kiếm",
        (("PHOANKIEM", "Đảng bộ phường Hoàn Kiếm"), ("PCUANAM", "Đảng bộ phường Cửa Nam")),
    ),
    District(
        "QDD",
        "quận Đống Đa",
        (
            ("PDONGDA", "Đảng bộ phường Đống Đa"),
            ("PLANG", "Đảng bộ phường Láng"),
            ("POCHODUA", "Đảng bộ phường Ô Chợ Dừa"),
            ("PKIMLIEN", "Đảng bộ phường Kim Liên"),
            ("PVANMIEU", "Đảng bộ phường Văn Miếu – Quốc Tử Giám"),
        ),
    ),
    District(
        "QCG",
        "quận Cầu Giấy",
        (
            ("PCAUGIAY", "Đảng bộ phường Cầu Giấy"),
            ("PNGHIADO", "Đảng bộ phường Nghĩa Đô"),
            ("PYENHOA", "Đảng bộ phường Yên Hòa"),
        ),
    ),
)
DISTRICT_ISSUER_CODE = "QU"  # Quận ủy: "Số 12-NQ/QU"
WARD_ISSUER_CODE = "ĐU"


def district_level_2025(scale: str, bloc_code: str = BLOC_CODE, stdout=None) -> list[Reorganization]:
    """At the city scale: the district level, and its end on 1 July 2025 (the reorganizations recorded;
    none at another scale, or when already done)."""
    if scale != SCALE:
        return []
    started = time.monotonic()
    placed = place_districts(bloc_code)
    if not placed:
        return []
    if stdout is not None:
        stdout.write(
            f"Đang ghi việc kết thúc cấp huyện ngày 01/07/2025 ({len(placed)} đảng bộ quận, "
            f"{sum(len(v) for v in placed.values())} tổ chức cơ sở đảng chuyển về đảng bộ phường)…"
        )
    done = dissolve_districts()
    if stdout is not None:
        # Not "sau … giây": the bench reads the seed's stages from those words, in order.
        stdout.write(f"  cấp huyện: {time.monotonic() - started:.1f} s".replace(".", ",", 1))
    return done


@transaction.atomic
def place_districts(bloc_code: str = BLOC_CODE) -> dict[str, list[Organization]]:
    """The district committees, each holding the grassroots organizations of `bloc_code` named after its
    district (never the demo users' own, nor one with a history already); district code → those moved.
    Nothing when the districts exist already or the bloc is missing."""
    bloc = Organization.objects.filter(code=bloc_code).first()
    if bloc is None or Organization.objects.filter(code__in=[d.code for d in DISTRICTS]).exists():
        return {}
    keep = set(
        Person.objects.filter(user__isnull=False, home_org__path__startswith=bloc.path).values_list(
            "home_org__path", flat=True
        )
    )
    placed: dict[str, list[Organization]] = {}
    for spec in DISTRICTS:
        grassroots = [
            o
            for o in Organization.objects.filter(
                parent=bloc, kind__in=GRASSROOTS_KINDS, name__endswith=f" {spec.place}"
            )
            .exclude(Exists(OrganizationVersion.objects.filter(org=OuterRef("pk"))))
            .order_by("code")
            if not any(path.startswith(o.path) for path in keep)
        ]
        if not grassroots:  # a district without organizations in these data is left out
            continue
        district = Organization(
            code=spec.code, name=spec.name, kind=OrgKind.BLOC, issuer_code=DISTRICT_ISSUER_CODE
        )
        district.prepare()
        [district] = Organization.objects.bulk_create([district])
        # Their subtrees' paths: "DUK/CS0123/…" becomes "QBD/CS0123/…", one statement per district.
        Organization.objects.filter(under_q(o.path for o in grassroots)).update(
            path=Concat(Value(district.path), Substr("path", len(bloc.path) + 1)),
            depth=F("depth") + district.depth - bloc.depth,
        )
        Organization.objects.filter(pk__in=[o.pk for o in grassroots]).update(parent=district)
        placed[spec.code] = grassroots
    return placed


@transaction.atomic
def dissolve_districts(day: dt.date = EFFECTIVE) -> list[Reorganization]:
    """End every district committee on `day`: the ward committees are founded, each takes its share of
    the district's organizations (in turn by code), the district is dissolved; all confirmed."""
    done: list[Reorganization] = []
    by_code = {
        o.code: o
        for o in Organization.objects.filter(code__in=[d.code for d in DISTRICTS], active_to__isnull=True)
    }
    for spec in DISTRICTS:
        district = by_code.get(spec.code)
        if district is None:
            continue
        decision = dict(
            decision_number=DECISION, decision_date=DECIDED, effective_date=day, decided_above=DECIDED_BY
        )
        wards = []
        for code, name in spec.wards:
            founded = reorganize(
                Spec(
                    kind="create",
                    issuer=district,
                    parts=[NewOrg(code, name, OrgKind.BLOC, WARD_ISSUER_CODE)],
                    **decision,
                )
            )
            wards.append(founded.successors.get())
            done.append(founded)
        grassroots = list(Organization.objects.filter(parent=district).order_by("code"))
        for i, ward in enumerate(wards):
            share = grassroots[i :: len(wards)]
            if share:
                done.append(
                    reorganize(Spec(kind="move", issuer=district, sources=share, target=ward, **decision))
                )
        # Decided above both: recorded on the first ward, the district's successor for whatever it held.
        done.append(
            reorganize(
                Spec(kind="dissolve", issuer=wards[0], sources=[district], target=wards[0], **decision)
            )
        )
    for reorg in done:
        confirm_reorganization(reorg)
    analyze(Organization, OrganizationVersion)
    return done
