from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(sender, using: str = "default", **kwargs) -> None:
    """The database cache's table (the default cache without Redis) is not a model, so
    `migrate` alone would not create it; every migrate run creates it when missing."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"

    def ready(self) -> None:
        from fazhi.core import checks  # noqa: F401  (registers the deployment checks)

        post_migrate.connect(create_cache_table, sender=self,
                             dispatch_uid="fazhi.core.create_cache_table")
