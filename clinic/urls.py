from django.urls import path

from clinic import search, views
from clinic.files import document_file

app_name = "clinic"
urlpatterns = [
    path("historia/", search.staff_search, name="search"),
    path("historia/mascota/<int:pk>/", views.staff_pet, name="pet"),
    path("mis-mascotas/", views.my_pets, name="my_pets"),
    path("mis-mascotas/<int:pk>/", views.my_pet, name="my_pet"),
    path("archivos/<int:pk>/", document_file, name="file"),
]
