from django.urls import path

from credentials import views

app_name = "credentials"

urlpatterns = [
    path("credentials/issuer.json", views.issuer, name="issuer"),
    path("credentials/status/<slug:name>.json", views.status_list, name="status_list"),
    path("verify/file/", views.verify_file, name="verify_file"),
    path("verify/<str:code>/credential.json", views.verify_credential, name="verify_credential"),
]
