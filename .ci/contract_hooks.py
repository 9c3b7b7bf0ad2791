"""Schemathesis hooks for .ci/contract.

A schema-valid request may still break a rule that the OpenAPI document names but a schema
cannot state: a reference to a row that does not exist (`foreign_key`), a new password without
the current one (`required_with`) or with a wrong one (`incorrect_password`), NUL inside a JSON
value (`json_nul`), a list cursor the server did not issue for that query (`invalid_cursor`). The API answers those with a 422 whose every problem has that rule's `type`. This check is `positive_data_acceptance` except for exactly those answers; any other
refusal of schema-valid data still fails.

`DELETE /tasks/{id}` cancels a task, which stays readable with the status `cancelled`, as the
document says: `use_after_free` holds for every other path.
"""

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance, use_after_free

BUSINESS_RULES = {"foreign_key", "incorrect_password", "required_with", "json_nul", "invalid_cursor"}


def _breaks_only_business_rules(response) -> bool:
    if response.status_code != 422:
        return False
    try:
        details = response.json()["detail"]
    except (ValueError, KeyError, TypeError):
        return False
    return (
        isinstance(details, list)
        and len(details) > 0
        and all(isinstance(d, dict) and d.get("type") in BUSINESS_RULES for d in details)
    )


@schemathesis.check
def positive_data_acceptance_but_business_rules(ctx, response, case):
    if _breaks_only_business_rules(response):
        return None
    return positive_data_acceptance(ctx, response, case)


@schemathesis.check
def use_after_free_but_cancelled_tasks(ctx, response, case):
    if "/tasks/" in case.path:
        return None
    return use_after_free(ctx, response, case)
