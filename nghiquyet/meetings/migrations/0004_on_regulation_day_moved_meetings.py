"""The stored `on_regulation_day` counted as late a regular meeting the calendar had moved off a weekend
or a holiday to the next working day (#16.10). Recompute it for the stored indicators with the rule the
service now applies (`meetings.calendar.on_regulation_day`): only those stored as "not on the day" can
change, and only to "on the day"."""

from django.db import migrations

from nghiquyet.meetings.calendar import on_regulation_day

BATCH = 2000


def recompute(apps, schema_editor):
    Indicators = apps.get_model("meetings", "Indicators")
    late = (
        Indicators.objects.filter(on_regulation_day=False, meeting__nominal_date__isnull=False)
        .values_list("pk", "meeting__date", "meeting__nominal_date")
        .order_by("pk")
    )
    moved = [pk for pk, date, nominal in late.iterator(chunk_size=BATCH) if on_regulation_day(date, nominal)]
    for i in range(0, len(moved), BATCH):
        Indicators.objects.filter(pk__in=moved[i : i + BATCH]).update(on_regulation_day=True)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_document_history"),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True),
    ]
