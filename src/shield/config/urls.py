from django.contrib import admin
from django.urls import include, path

from shield.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("ogc/", include("shield.api.ogc")),  # OGC API - Features (shield.api.ogc)
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("shield.audit.urls")),
    path("", include("shield.jobs.urls")),
    path("", include("shield.listing.urls")),
    path("", include("shield.monitoring.urls")),
    path("", include("shield.parties.urls")),
    path("", include("shield.provenance.urls")),
    path("", include("shield.screening.urls")),
    path("", include("shield.fund.urls")),
    path("", include("shield.iiif.urls")),
    path("", include("shield.market.urls")),
    path("", include("shield.web.urls")),
]
