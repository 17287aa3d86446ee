"""gunicorn settings for Shuyong: ``gunicorn -c deploy/gunicorn.conf.py cms.wsgi:application``.

Every value can be changed from the environment, so one image serves any machine size.
"""

import multiprocessing
import os


def _int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"Environment variable {name} must be an integer, got {raw!r}.") from None


# nginx proxies to this address; never expose it directly (see deploy/README.md).
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: Django views are synchronous; the usual (2 x cores) + 1, unless WEB_CONCURRENCY says.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# Only for worker_class "gthread" (threads per worker); bench/load.py compares the two.
threads = _int("GUNICORN_THREADS", 1)
# A request (an export download, an upload) that takes longer than this is killed and logged.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Slightly above nginx's keepalive to the upstream, so gunicorn never closes a connection nginx reuses.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so that a slow leak cannot grow without bound; jitter avoids all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Heartbeat files in memory: a container's disk may stall and get healthy workers killed.
# (gunicorn creates them with mkstemp, so a shared directory is safe.)
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
# Load Django once in the master: faster starts, and a broken configuration stops the master.
preload_app = True

# Logs to stdout/stderr for the process supervisor; the access log includes the time taken (µs).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-real-ip}i)s %(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(f)s" "%(a)s"'

# Trust X-Forwarded-* only from the proxy in front (nginx on the same host or network).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn's runtime control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), so
# two servers on a host would fight over it. Off unless GUNICORN_CONTROL_SOCKET names a path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
