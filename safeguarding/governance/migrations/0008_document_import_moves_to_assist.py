"""Document import has moved to the `assist` app. Its table stays where it is, rows and
all: this only takes the model out of governance's state, and `assist.0001_initial` takes
it into assist's, with the same table (`governance_documentimport`)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_year_label_in_addresses"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DocumentImport")],
            database_operations=[],
        ),
    ]
