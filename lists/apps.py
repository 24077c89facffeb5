from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _public_data_changed(sender, **kwargs):
    # Not a business effect: agencies, list types and synonyms are edited in the admin (and by
    # the agency spreadsheet import), and every cached public page that shows them must go.
    from lists import generation

    generation.bump()


class ListsConfig(AppConfig):
    name = "lists"
    verbose_name = "减免责清单"

    def ready(self):
        from agencies.models import Agency
        from lists.models import ListSection, ListType, SynonymGroup

        for model in (Agency, ListType, ListSection, SynonymGroup):
            post_save.connect(_public_data_changed, sender=model, dispatch_uid=f"gen-{model}")
            post_delete.connect(_public_data_changed, sender=model, dispatch_uid=f"gen-d-{model}")
