"""``/docs``: Swagger UI from this site's own files, never a CDN, and no inline script.

FastAPI's built-in page loads Swagger UI from a CDN and starts it with an inline ``<script>``,
which the Content-Security-Policy forbids. This page loads the vendored ``swagger-ui-dist``
files under ``/static/swagger/`` (see its LICENSE there) and starts them with
``/static/swagger/init.js``, which reads the schema URL from a ``data-`` attribute.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from teller.security import DOCS_CSP

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>teller API</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<div id="swagger-ui" data-openapi-url="/openapi.json"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/swagger/init.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE, headers={"Content-Security-Policy": DOCS_CSP})


__all__ = ["PAGE", "router"]
