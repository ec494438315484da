from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", views.index, name="index"),
    path("missions/<uuid:mission_id>/", views.mission_page, name="mission"),
    path("incidents/<uuid:incident_id>/", views.incident_page, name="incident"),
    path("conditions/", views.condition_map, name="map"),
    path("timeline/<str:code>/", views.property_timeline, name="timeline"),
    path("timeline/<str:code>/compare/", views.compare_page, name="compare"),
    path("dossier/<str:code>/", views.dossier, name="dossier"),
]
