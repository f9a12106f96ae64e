"""factory_boy factories for the registry."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from nghiquyet.orgs.models import (
    Body,
    BodyKind,
    BodyStaff,
    CommitteeMembership,
    Education,
    Gender,
    Organization,
    OrgKind,
    Person,
    Position,
    Term,
    Theory,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"Đảng bộ Cơ quan số {n}")
    kind = OrgKind.GRASSROOTS_COMMITTEE
    issuer_code = "ĐU"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("matkhau-thu-nghiem")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Iterator(
        ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Đặng Văn Em"]
    )
    gender = Gender.MALE
    birth_date = dt.date(1980, 5, 17)
    party_entry_date = dt.date(2005, 3, 3)
    full_membership_date = dt.date(2006, 3, 3)
    education = Education.UNIVERSITY
    theory = Theory.INTERMEDIATE
    workplace = "Sở Tư pháp"
    job_title = "Chuyên viên"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    label = "2025–2030"
    start_date = dt.date(2025, 6, 1)
    end_date = dt.date(2030, 6, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    position = Position.MEMBER
    start_date = dt.date(2025, 6, 1)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = BodyKind.ORGANIZATION_BOARD
    name = "Ban Tổ chức Đảng ủy Khối"


class BodyStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyStaff

    start_date = dt.date(2020, 1, 1)
