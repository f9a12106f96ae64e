from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, BodyStaff, CommitteeMembership, Organization, Person, Term


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "issuer_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_search"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "gender", "home_org", "education", "theory"]
    list_filter = ["gender", "education", "theory"]
    search_fields = ["full_name", "name_search"]
    raw_id_fields = ["home_org", "user"]
    list_select_related = ["home_org"]


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["org", "label", "start_date", "end_date"]
    search_fields = ["org__name", "org__code", "label"]
    raw_id_fields = ["org"]
    inlines = [MembershipInline]
    list_select_related = ["org"]


class StaffInline(admin.TabularInline):
    model = BodyStaff
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "org"]
    inlines = [StaffInline]
    list_select_related = ["org"]
