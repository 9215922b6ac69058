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
    verbose_name = "账本"

    def ready(self) -> None:
        # registers the deployment checks and the tick jobs
        from fazhi.core import checks, jobs  # noqa: F401

        post_migrate.connect(create_cache_table, sender=self,
                             dispatch_uid="fazhi.core.create_cache_table")
