from django.contrib.auth import views as auth_views
from django.urls import path

from . import treaty_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("property/<str:ref>/", views.property_page, name="property"),
    path("map/", views.map_page, name="map"),
    path("treaty/", treaty_views.index, name="treaty"),
    path("treaty/article/<str:ref>/", treaty_views.article, name="treaty-article"),
    path("treaty/readings/", treaty_views.readings, name="treaty-readings"),
    path("treaty/<slug:slug>/", treaty_views.calculator, name="treaty-calculator"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
