"""The Party's document conventions, in one place (documents/party.py; R21)."""

from types import SimpleNamespace

from nghiquyet.documents import party
from nghiquyet.orgs.models import Organization, OrgKind, Position


def _org(name, kind):
    return Organization(code="X", name=name, kind=kind, issuer_code="ĐU")


def test_r21_issuer_collective_and_titles_follow_the_kind_of_organization():
    bloc = _org("Đảng bộ Khối các cơ quan thành phố", OrgKind.BLOC)
    committee = _org("Đảng bộ Sở Tư pháp", OrgKind.GRASSROOTS_COMMITTEE)
    partial = _org("Đảng bộ bộ phận Thanh tra", OrgKind.PARTIAL_COMMITTEE)
    cell = _org("Chi bộ Ban Dân tộc", OrgKind.GRASSROOTS_CELL)
    assert [party.issuer_name(o) for o in (bloc, committee, partial, cell)] == [
        "Đảng ủy Khối các cơ quan thành phố",
        "Đảng ủy Sở Tư pháp",
        "Đảng ủy bộ phận Thanh tra",
        "Chi bộ Ban Dân tộc",
    ]
    assert [party.collective(o) for o in (bloc, committee, partial, cell)] == [
        "T/M BAN THƯỜNG VỤ",
        "T/M ĐẢNG ỦY",
        "T/M ĐẢNG ỦY",
        "T/M CHI BỘ",
    ]
    assert party.header(cell, committee) == {
        "superior": "Đảng bộ Sở Tư pháp",
        "issuer": "Chi bộ Ban Dân tộc",
        "issuer_code": "ĐU",
    }


def test_r21_every_committee_position_has_a_signer_title():
    assert set(party.SIGNER_TITLES) == set(Position.values)
    assert party.signer_title(Position.DEPUTY_SECRETARY) == "PHÓ BÍ THƯ"
    assert party.signer_title(None) == ""


def test_any_object_with_a_name_and_a_kind_will_do():
    """documents imports nothing of orgs: the conventions read only what they need."""
    cell = SimpleNamespace(name="Chi bộ 1", is_cell=True, is_bloc=False)
    assert (party.issuer_name(cell), party.collective(cell)) == ("Chi bộ 1", "T/M CHI BỘ")
