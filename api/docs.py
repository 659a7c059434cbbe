"""Swagger UI from drf-spectacular-sidecar's static files, CSP-clean: no inline script or style.

drf-spectacular's split view serves the start-up script as its own URL; our template drops the
package template's inline ``<style>`` (static/api/docs.css instead).
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "TTHC inspection API"
