from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("screening/", views.index, name="index"),
    path("screening/nostrike/", views.nostrike_file, name="nostrike"),
]
