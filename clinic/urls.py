from django.urls import path

from clinic import portal, search, views
from clinic.files import document_file

app_name = "clinic"
urlpatterns = [
    path("historia/", search.staff_search, name="search"),
    path("historia/mascota/<int:pk>/", views.staff_pet, name="pet"),
    path("historia/mascota/<int:pk>/vacunas/", portal.staff_pet_vaccines, name="pet_vaccines"),
    path("mis-mascotas/", portal.my_pets, name="my_pets"),
    path("mis-mascotas/<int:pk>/", portal.my_pet, name="my_pet"),
    path("mis-mascotas/<int:pk>/vacunas/", portal.my_pet_vaccines, name="my_pet_vaccines"),
    path("mis-mascotas/citas/", portal.my_appointments, name="my_appointments"),
    path(
        "mis-mascotas/citas/<int:pk>/calendario.ics",
        portal.appointment_calendar,
        name="appointment_calendar",
    ),
    path("archivos/<int:pk>/", document_file, name="file"),
]
