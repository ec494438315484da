from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("log/", views.log_page, name="log"),
]
