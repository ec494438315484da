from django.contrib.auth import views as auth_views
from django.urls import path

from . import property_views, treaty_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("property/new/", property_views.property_create, name="property-create"),
    path("property/<str:ref>/", views.property_page, name="property"),
    path("property/<str:ref>/edit/", property_views.property_edit, name="property-edit"),
    path(
        "property/<str:ref>/photograph/",
        property_views.property_photograph,
        name="property-photograph",
    ),
    path(
        "property/<str:ref>/confidentiality/",
        property_views.property_confidentiality,
        name="property-confidentiality",
    ),
    path(
        "property/<str:ref>/protection/",
        property_views.property_protection,
        name="property-protection",
    ),
    path("property/<str:ref>/delete/", property_views.property_delete, name="property-delete"),
    path("property/<str:ref>/restore/", property_views.property_restore, name="property-restore"),
    path("map/", views.map_page, name="map"),
    path("treaty/", treaty_views.index, name="treaty"),
    path("treaty/article/<str:ref>/", treaty_views.article, name="treaty-article"),
    path("treaty/readings/", treaty_views.readings, name="treaty-readings"),
    path("treaty/akn/<str:lang>/", treaty_views.akn_act, name="treaty-akn"),
    path(
        "treaty/akn/<str:lang>/<int:number>/",
        treaty_views.akn_article,
        name="treaty-akn-article",
    ),
    path("treaty/<slug:slug>/", treaty_views.calculator, name="treaty-calculator"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
