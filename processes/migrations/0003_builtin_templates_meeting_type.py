"""The built-in templates say which kind of meeting they set up (a knowledge and framing
meeting is a dialogue meeting)."""

from django.db import migrations

from processes.builtin_templates import builtin_templates


def load(apps, schema_editor):
    MeetingTemplate = apps.get_model("processes", "MeetingTemplate")
    for row in builtin_templates():
        MeetingTemplate.objects.update_or_create(
            key=row["key"], language=row["language"], defaults=row
        )


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0002_builtin_templates"),
        ("workshops", "0006_workshop_meeting_type"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
