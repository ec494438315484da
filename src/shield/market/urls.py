from django.urls import path

from . import views

app_name = "market"
urlpatterns = [
    path("market/", views.index, name="index"),
    path("market/images/<str:sha256>/", views.image, name="image"),
    path("market/<str:code>/", views.batch_page, name="batch"),
    path("market/<str:code>/pairs/<int:pk>/", views.pair, name="pair"),
]
