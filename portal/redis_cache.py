"""Django's own RedisCache, with one client object per connection pool instead of one per call.

`RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache call; building one
(its table of response callbacks) costs about as much as the round trip to Redis, on every
public request. A `redis.Redis` is safe to share between threads (it takes a connection from
its pool for each command), so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClient
