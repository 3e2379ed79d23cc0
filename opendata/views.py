"""The open-data page and its downloads: the files of the last build, never built on a request."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.dateparse import parse_datetime
from django.views.generic import TemplateView

from . import build

KINDS = {build.ZIP_NAME: "zip", build.SQLITE_NAME: "sqlite"}


class OpenDataView(TemplateView):
    template_name = "opendata/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        manifest = build.current(settings.OPEN_DATA_ROOT)
        if manifest:
            context.update(
                built_at=parse_datetime(manifest["built_at"]),
                recommendation_count=manifest["recommendations"],
                zip=manifest["files"]["zip"],
                sqlite=manifest["files"]["sqlite"],
            )
        context.update(manifest=manifest, licence=build.LICENCE)
        return context


def download(request, name):
    """A file of the last build, as an attachment named with the build's date."""
    manifest = build.current(settings.OPEN_DATA_ROOT)
    if name not in KINDS or manifest is None:
        raise Http404
    path = build.path_of(settings.OPEN_DATA_ROOT, manifest, KINDS[name])
    stem, extension = name.rsplit(".", 1)
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{stem}-{manifest['built_at'][:10]}.{extension}"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
