"""Who may see and change the partnership's settings, agencies, code lists and audit trail."""

import rules

from safeguarding.accounts.permissions import is_business_unit, is_staff_member, reads_everything

rules.add_perm("core.view_staff_pages", is_staff_member)
rules.add_perm("core.view_agencies", is_staff_member)
rules.add_perm("core.manage_agencies", is_business_unit)
rules.add_perm("core.view_code_lists", is_staff_member)
rules.add_perm("core.change_partnership", is_business_unit)
rules.add_perm("core.view_audit_trail", reads_everything)
rules.add_perm("core.verify_audit_trail", is_business_unit)
