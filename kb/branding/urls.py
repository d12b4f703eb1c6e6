from django.urls import path

from . import views

app_name = "branding"

urlpatterns = [path("brand.css", views.brand_stylesheet, name="stylesheet")]
