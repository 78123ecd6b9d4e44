"""The three built-in meeting templates, in Danish, Swedish and English."""

from django.db import migrations

from processes.builtin_templates import builtin_templates


def load(apps, schema_editor):
    MeetingTemplate = apps.get_model("processes", "MeetingTemplate")
    for row in builtin_templates():
        MeetingTemplate.objects.update_or_create(
            key=row["key"], language=row["language"], defaults=row
        )


def unload(apps, schema_editor):
    apps.get_model("processes", "MeetingTemplate").objects.exclude(key="").delete()


class Migration(migrations.Migration):
    dependencies = [("processes", "0001_processes_meetings_templates_provenance")]

    operations = [migrations.RunPython(load, unload)]
