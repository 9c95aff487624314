"""API keys are bound to the agency and role their person had when each was issued.

Existing keys take their person's agency and role now; a key whose person has no agency
(it could not have been issued to them) is revoked.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def bind_existing_keys(apps: Any, schema_editor: Any) -> None:
    ApiToken = apps.get_model("returns", "ApiToken")
    for token in ApiToken.objects.select_related("person"):
        token.role = token.person.role
        token.agency_id = token.person.agency_id
        if token.agency_id is None:
            # Bound to no agency it cannot be; it stops working, its row kept.
            Agency = apps.get_model("core", "Agency")
            token.agency_id = Agency.objects.order_by("pk").values_list("pk", flat=True).first()
            token.revoked_at = token.revoked_at or timezone.now()
        token.save(update_fields=["role", "agency", "revoked_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_cache_table"),
        ("returns", "0004_indicator_event_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="agency",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.agency",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="role",
            field=models.CharField(default="", max_length=30),
            preserve_default=False,
        ),
        migrations.RunPython(bind_existing_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.agency"
            ),
        ),
    ]
