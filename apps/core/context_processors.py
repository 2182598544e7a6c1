from django.conf import settings


def site(request):
    return {"DATASET_VERSION": getattr(settings, "DATASET_VERSION", "")}
