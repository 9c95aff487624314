"""The database cache, with counters that two requests cannot both read before either
writes.

Rate limits count in the cache. Django's database cache increments by reading and then
writing the whole entry again, so two requests at once could both count 4 and let a fifth
and a sixth through, and every increment pushes the entry's expiry back to the default.
Here the read and the write happen inside one transaction that holds the row (SQLite's
immediate transactions hold the whole database; PostgreSQL locks the row), and only the
value is written, so every attempt is counted and a window ends when it should. With
Redis configured (`REDIS_URL`), Django's Redis cache is used instead, whose increments
are atomic already.
"""

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class CountingDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]
        cache_key = self.make_and_validate_key(key, version=version)
        lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key = %s{lock}", [cache_key])  # noqa: S608
            current = self.get(key, version=version)
            if current is None:
                raise ValueError(f"Key '{key}' not found")
            value: int = current + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [encoded, cache_key],
            )
        return value
