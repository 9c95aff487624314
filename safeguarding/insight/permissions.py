"""Who reads insight and who loads its reference data.

Every page shows only aggregate, suppressed figures, so every member of staff may read
them. Population tables, published benchmarks and the disclosure policy change what every
page says, so only the business unit and analysts load or set them.
"""

import rules

from safeguarding.accounts.permissions import is_business_unit, is_staff_member
from safeguarding.returns.permissions import is_analyst

rules.add_perm("insight.view_insight", is_staff_member)
rules.add_perm("insight.load_reference_data", is_business_unit | is_analyst)
