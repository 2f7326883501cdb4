"""A Redis cache that degrades to "no cache" when Redis is unreachable, instead of failing every request."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

import redis.exceptions

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new redis.Redis object (and its table of ~150 response callbacks) for every operation;
    one per connection pool is enough, since the pool does the connection handling."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis backend; while Redis is down, reads miss, writes are dropped and one warning is logged.

    After a failure, Redis is left alone for ``RETRY_AFTER`` seconds (OPTIONS["retry_after"], default 5) so that
    requests are not slowed by a connection timeout each; the first success after that logs the recovery.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 5))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self._down_since = None
        self._skip_until = 0.0

    @property
    def is_available(self):
        return self._down_since is None

    def _call(self, method, default, *args, **kwargs):
        if self._down_since is not None and time.monotonic() < self._skip_until:
            return default
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning("Redis cache unavailable, serving without cache: %s", error)
            self._skip_until = time.monotonic() + self.retry_after
            return default
        if self._down_since is not None:
            logger.warning("Redis cache available again after %.0f s", time.monotonic() - self._down_since)
            self._down_since = None
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError, as Django's API promises; an outage returns the delta.
        return self._call("incr", delta, key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)

    def ping(self):
        """True when Redis answers now; for the health check, which must not trust the back-off."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except OUTAGE_ERRORS:
            return False
