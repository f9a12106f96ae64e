"""Parameter and text types shared by the endpoints, bounded so that odd input answers 422, never 500.

Ids beyond a 64-bit integer overflow the database driver; a NUL character is refused by PostgreSQL; both
would otherwise reach the database as an error instead of being named as bad input.
"""

from typing import Annotated

from ninja import Path
from pydantic import AfterValidator

MAX_ID = 2**63 - 1
# Organization codes are capitals, digits, '.', '_' and '-' (orgs.models); lower case is let through to
# answer 404 like any other unknown code.
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
NO_NUL_PATTERN = r"^[^\x00]*$"

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
OrgCode = Annotated[str, Path(max_length=40, pattern=CODE_PATTERN)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


# Free text in a body: no NUL character (the forms of the pages refuse it the same way).
Text = Annotated[str, AfterValidator(_no_nul)]
