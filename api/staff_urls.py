from django.urls import path

from api import staff_views

# Included under /staff/ in the "staff" namespace by config/urls.py.

urlpatterns = [
    path("api-tokens/", staff_views.api_tokens, name="api_tokens"),
    path(
        "api-tokens/<int:token_id>/revoke/", staff_views.api_token_revoke, name="api_token_revoke"
    ),
    path("webhooks/", staff_views.webhooks, name="webhooks"),
    path("webhooks/<int:webhook_id>/", staff_views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:webhook_id>/remove/", staff_views.webhook_remove, name="webhook_remove"),
]
