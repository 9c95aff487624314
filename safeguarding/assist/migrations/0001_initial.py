"""DocumentImport, moved here from governance with its table and its rows.

The table `governance_documentimport` was made by governance 0002 and is kept as it is:
governance 0008 took the model out of governance's state and this puts it into assist's,
neither touching the database. The model's content type (and the permissions Django keeps
for it) is renamed from governance to assist, so nothing is left pointing at a model that
no longer exists.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_to(app_label: str, *, old: str):
    def move(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        rows = content_type.objects.using(schema_editor.connection.alias)
        if rows.filter(app_label=app_label, model="documentimport").exists():
            return  # already there (made by a migrate that ran before this one existed)
        rows.filter(app_label=old, model="documentimport").update(app_label=app_label)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0008_document_import_moves_to_assist"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DocumentImport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("original_name", models.CharField(max_length=255)),
                        ("size", models.PositiveIntegerField()),
                        ("sha256", models.CharField(max_length=64)),
                        ("text", models.TextField()),
                        ("proposal", models.JSONField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("proposed", "Waiting for review"),
                                    ("accepted", "Accepted"),
                                    ("discarded", "Discarded"),
                                ],
                                default="proposed",
                                max_length=20,
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "year",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="governance.partnershipyear",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "governance_documentimport",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            content_type_to("assist", old="governance"),
            content_type_to("governance", old="assist"),
        ),
    ]
