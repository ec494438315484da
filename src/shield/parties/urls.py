from django.urls import path

from . import views

app_name = "parties"
urlpatterns = [
    path("committee/", views.committee_page, name="committee"),
]
