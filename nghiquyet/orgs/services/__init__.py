"""The writers of the registry: one module per room, one function per thing a person does, each atomic;
called by views, the API and commands. Reads live in `orgs.queries`.

The use cases are also reachable from the package (`services.import_members(...)`).
"""

from .members import ImportResult, Problem, import_members

__all__ = ["ImportResult", "Problem", "import_members"]
