"""Who reads insight and who loads its reference data.

Every page shows only aggregate, suppressed figures, so every member of staff may read
them. Population tables, published benchmarks and the disclosure policy change what every
page says, so only the business unit and analysts load or set them.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from safeguarding.core.roles import all_or_none, is_analyst, is_business_unit, is_staff_member
from safeguarding.insight.models import PopulationTable, PublishedFigureSet

rules.add_perm("insight.view_insight", is_staff_member)
rules.add_perm("insight.load_reference_data", is_business_unit | is_analyst)


def reference_files_visible_to(
    user: Any, model: type[PopulationTable] | type[PublishedFigureSet]
) -> QuerySet[Any]:
    """Every population table or set of published figures `insight.load_reference_data`
    lets this person see: all, for the business unit and analysts."""
    return all_or_none(bool(is_business_unit(user) or is_analyst(user)), model.objects.all())
