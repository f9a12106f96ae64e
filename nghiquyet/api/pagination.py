"""One pagination for every API list: limit and offset, with a bounded page size."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far beyond any list, and small enough that offset + limit never overflows the database's integers.
MAX_OFFSET = 10**9


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`; the answer holds `items` and the total `count` (two queries: a page and a count)."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
