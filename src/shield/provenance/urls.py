from django.urls import path

from . import views

app_name = "provenance"
urlpatterns = [
    path("provenance/", views.index, name="index"),
    path("provenance/stolen/new/", views.report_new, name="report"),
    path("provenance/stolen/<str:number>/", views.entry_page, name="entry"),
    path("provenance/stolen/<str:number>/status/", views.status_edit, name="status"),
    path(
        "provenance/stolen/<str:number>/photograph/",
        views.entry_photo_new,
        name="entry-photo-new",
    ),
    path("provenance/photos/<int:pk>/", views.photo, name="photo"),
    path("provenance/upheavals/", views.upheavals_page, name="upheavals"),
    path("provenance/check/", views.check_page, name="check"),
    path("provenance/certificates/", views.certificate_lookup, name="certificates"),
    path("provenance/certificates/<str:number>/", views.certificate_page, name="certificate"),
    path(
        "provenance/certificates/<str:number>/download/",
        views.certificate_download,
        name="certificate-download",
    ),
    path("provenance/exports/new/", views.export_new, name="export-new"),
    path("provenance/exports/<str:number>/", views.export_page, name="export"),
    path("provenance/exports/<str:number>/pdf/", views.export_pdf, name="export-pdf"),
    path("provenance/objects/new/", views.traced_new, name="traced-new"),
    path("provenance/objects/<str:code>/", views.traced_page, name="traced"),
    path("provenance/objects/<str:code>/event/", views.event_new, name="event-new"),
    path(
        "provenance/objects/<str:code>/photograph/",
        views.traced_photo_new,
        name="traced-photo-new",
    ),
    path("provenance/cases/new/", views.case_new, name="case-new"),
    path("provenance/cases/<str:code>/", views.case_page, name="case"),
    path("provenance/cases/<str:code>/step/", views.step_new, name="step-new"),
    path("provenance/cases/<str:code>/position/", views.position_new, name="position-new"),
]
