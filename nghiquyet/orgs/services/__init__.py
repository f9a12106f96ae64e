"""The writers of the registry: one module per room, one function per thing a person does, each atomic;
called by views, the API and commands. Reads live in `orgs.queries`.

The use cases are also reachable from the package (`services.import_members(...)`).
"""

from .members import ImportResult, Problem, import_members

__all__ = ["ImportResult", "Problem", "import_members"]
from .reorganization import (
    NewOrg,
    Preview,
    Spec,
    confirm_reorganization,
    preview,
    reorganize,
    undo_reorganization,
)

__all__ += [
    "NewOrg",
    "Preview",
    "Spec",
    "confirm_reorganization",
    "preview",
    "reorganize",
    "undo_reorganization",
]
