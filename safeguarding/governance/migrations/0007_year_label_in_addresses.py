import django.core.validators
from django.db import migrations, models


def labels_fit_addresses(apps, schema_editor):
    """A year already called "2025/26" broke the plan page (its annual report's address
    cannot hold a "/"): it becomes "2025-26"."""
    year_model = apps.get_model("governance", "PartnershipYear")
    for year in year_model.objects.filter(label__contains="/"):
        label = year.label.replace("/", "-")
        while year_model.objects.filter(label=label).exists():
            label = f"{label}-"
        year.label = label[:20]
        year.save(update_fields=["label"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0006_evidence_encrypted_at_rest"),
    ]

    operations = [
        migrations.RunPython(labels_fit_addresses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="partnershipyear",
            name="label",
            field=models.CharField(
                help_text="For example 2025-26",
                max_length=20,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Za-z0-9][A-Za-z0-9 ._-]*$",
                        "Use only letters, numbers, spaces, full stops and hyphens in the name "
                        "of the year, like 2025-26",
                    )
                ],
            ),
        ),
    ]
