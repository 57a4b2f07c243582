app_name = "escalations"
urlpatterns: list = []
