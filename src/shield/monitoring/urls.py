from django.urls import path

from . import fieldforms_views, formviews, views

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", views.index, name="index"),
    path("monitoring/missions/new/", formviews.mission_new, name="mission-new"),
    path("monitoring/assessments/new/", formviews.assessment_new, name="assessment-new"),
    path("monitoring/incidents/new/", formviews.incident_new, name="incident-new"),
    path("monitoring/refusals/new/", formviews.refusal_new, name="refusal-new"),
    path("monitoring/evidence/new/", formviews.evidence_new, name="evidence-new"),
    path("missions/<uuid:mission_id>/", views.mission_page, name="mission"),
    path("missions/<uuid:mission_id>/status/", formviews.mission_status, name="mission-status"),
    path("missions/<uuid:mission_id>/consent/", formviews.consent_new, name="consent-new"),
    path("missions/<uuid:mission_id>/refusal/", formviews.refusal_new, name="mission-refusal-new"),
    path("incidents/<uuid:incident_id>/", views.incident_page, name="incident"),
    path("incidents/<uuid:incident_id>/status/", formviews.incident_status, name="incident-status"),
    path("evidence/<uuid:evidence_id>/", views.evidence_page, name="evidence"),
    path("evidence/<uuid:evidence_id>/custody/", formviews.custody_new, name="custody-new"),
    path("conditions/", views.condition_map, name="map"),
    path("timeline/<str:code>/", views.property_timeline, name="timeline"),
    path("timeline/<str:code>/compare/", views.compare_page, name="compare"),
    path("dossier/<str:code>/", views.dossier, name="dossier"),
    path("monitoring/fieldforms/", fieldforms_views.upload, name="fieldforms"),
    path("monitoring/fieldforms/confirm/", fieldforms_views.confirm, name="fieldforms-confirm"),
    path("monitoring/fieldforms/places/", fieldforms_views.places, name="fieldforms-places"),
    path(
        "monitoring/fieldforms/places/<uuid:place_id>/",
        fieldforms_views.place_page,
        name="fieldforms-place",
    ),
    path(
        "monitoring/fieldforms/imports/<uuid:import_id>/",
        fieldforms_views.import_page,
        name="fieldforms-import",
    ),
]
