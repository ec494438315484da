from django.urls import path

from . import views

app_name = "iiif"
urlpatterns = [
    path(
        "iiif/property/<str:code>/manifest.json",
        views.property_manifest,
        name="property-manifest",
    ),
    path(
        "iiif/incident/<uuid:incident_id>/manifest.json",
        views.incident_manifest,
        name="incident-manifest",
    ),
    path("iiif/<str:image_id>", views.image_base, name="image-base"),
    path("iiif/<str:image_id>/info.json", views.image_info, name="image-info"),
    path(
        "iiif/<str:image_id>/<str:region>/<str:size>/<str:rotation>/<str:filename>",
        views.image,
        name="image",
    ),
]
