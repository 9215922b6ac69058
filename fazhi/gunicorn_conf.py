"""gunicorn settings for `fazhi serve` (passed as `-c python:fazhi.gunicorn_conf`).

gunicorn writes `Server: gunicorn` on every response and has no setting to turn it off;
the header tells every scanner which server (and so which known flaws) to try. Its default
header list is filtered here, in the server's own process.
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _without_server(self) -> list[str]:
    return [h for h in _default_headers(self) if not h.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server
