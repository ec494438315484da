from django.urls import path

from . import views

app_name = "fund"
urlpatterns = [
    path("fund/", views.index, name="index"),
    path("fund/statement/", views.statement, name="statement"),
    path("fund/statement.csv", views.statement_csv, name="statement-csv"),
    path("fund/statement.pdf", views.statement_pdf, name="statement-pdf"),
    path("fund/record/<str:kind>/", views.record, name="record"),
    path("fund/programmes/new/", views.programme, name="programme"),
    path("assistance/", views.assistance_list, name="assistance-list"),
    path("assistance/new/", views.assistance_new, name="assistance-new"),
    path("assistance/<str:ref>/", views.assistance_page, name="assistance"),
    path("assistance/<str:ref>/<str:step>/", views.assistance_step, name="assistance-step"),
    path("reports/", views.reports, name="reports"),
    path("reports/cycles/new/", views.cycle_new, name="cycle-new"),
    path("reports/translations/new/", views.translation_new, name="translation-new"),
    path("reports/<str:ref>/", views.cycle_page, name="cycle"),
    path("reports/<str:ref>/new/", views.report_new, name="report-new"),
    path("reports/<str:ref>/<str:state>/", views.report_page, name="report"),
    path("reports/<str:ref>/<str:state>/<str:step>/", views.report_step, name="report-step"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<str:ref>/", views.meeting_page, name="meeting"),
    path("meetings/<str:ref>/<str:step>/", views.meeting_step, name="meeting-step"),
    path("dissemination/", views.dissemination, name="dissemination"),
    path("dissemination/new/", views.measure_new, name="measure-new"),
    path("depositary/", views.depositary, name="depositary"),
    path("depositary/feed.atom", views.depositary_feed, name="depositary-feed"),
]
