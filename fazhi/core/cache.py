"""The embedded default cache: Django's database cache, with an atomic `incr`.

Throttle counters live in the default cache (fazhi.core.throttle). Without Redis they must
still be shared by every worker and server, so the default is the database cache; but
Django's `incr` there is a read followed by a write (two workers can both read 5 and both
write 6) and resets the entry's expiry to the default timeout (a one-hour window would
forget its count after five idle minutes). This `incr` locks the row (SELECT … FOR UPDATE
on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers) and keeps the expiry.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def get(self, key, default=None, version=None):
        """One key in one indexed SELECT of a live entry (the expiry compared in SQL, as in
        `incr`). Django's `get` goes through `get_many`, whose set-up costs several times
        the query; the calendar's fingerprint is read so on most engine actions. An
        expired entry is left to the culling of later writes instead of deleted here."""
        cache_key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_read(self.cache_model_class)]
        quote = connection.ops.quote_name
        now = connection.ops.adapt_datetimefield_value(tz_now())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote('value')} FROM {quote(self._table)} "
                           f"WHERE {quote('cache_key')} = %s AND {quote('expires')} >= %s",
                           [cache_key, now])
            row = cursor.fetchone()
        if row is None:
            return default
        return pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode()))

    def incr(self, key, delta: int = 1, version=None) -> int:
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, value_col = quote(self._table), quote("value")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value_col} FROM {table} WHERE {quote('cache_key')} = %s "
                f"AND {quote('expires')} >= %s{lock}", [cache_key, now])
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value_col} = %s WHERE {quote('cache_key')} = %s",
                           [encoded, cache_key])
        return value
