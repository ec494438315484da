from django.urls import path

from . import act_views, proposal_views, views

app_name = "listing"
urlpatterns = [
    path("list/", views.the_list, name="list"),
    path("list/feed.atom", views.feed, name="feed"),
    path("requests/", views.requests_index, name="requests"),
    path("requests/new/", views.new_request, name="new-request"),
    path("requests/tentative/", proposal_views.tentative, name="tentative"),
    path("requests/initiatives/", proposal_views.initiative, name="initiative"),
    path("requests/<str:ref>/", views.request_page, name="request"),
    path("requests/<str:ref>/<str:step>/", act_views.request_step, name="request-step"),
    path("requests/<str:ref>/notices/<str:kind>.<str:fmt>", views.notice, name="notice"),
    path("sessions/", views.sessions_index, name="sessions"),
    path("sessions/<str:ref>/", views.session_page, name="session"),
]
