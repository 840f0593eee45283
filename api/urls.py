from django.urls import path

from .views import api  # with every operation registered

# The API names its own URLs (namespace "api"); this module only mounts it.
urlpatterns = [path("api/v1/", api.urls)]
