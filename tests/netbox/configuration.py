# NetBox configuration of the real-NetBox test tier (tests/netbox/tier.sh writes the ports).
import os

_env = os.environ.get

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "netbox",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": _env("TIER_PG_PORT", "55432"),
        "CONN_MAX_AGE": 300,
    }
}
_redis = {"HOST": "127.0.0.1", "PORT": int(_env("TIER_REDIS_PORT", "56379")), "SSL": False}
REDIS = {"tasks": {**_redis, "DATABASE": 0}, "caching": {**_redis, "DATABASE": 1}}
SECRET_KEY = "proxbox-ha-test-tier-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
API_TOKEN_PEPPERS = {1: "proxbox-ha-test-tier-pepper-0123456789-abcdefghijklmnopqrstuvwxyz"}
ISOLATED_DEPLOYMENT = True
CENSUS_REPORTING_ENABLED = False
RELEASE_CHECK_URL = None

# tier.sh appends the README's "configuration" recipe here, then tests/netbox/tier-tail.py.
