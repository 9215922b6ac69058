"""Deployment checks (`manage.py check --deploy`) for settings that would quietly weaken a
security control in production."""

from django.conf import settings
from django.core import checks

# Caches that do not share one count between workers or servers (or do not count at all).
SPLIT_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "每个工作进程各有一份",
    "django.core.cache.backends.dummy.DummyCache": "不保存任何计数",
    "django.core.cache.backends.filebased.FileBasedCache": "按服务器各有一份且递增不是原子的",
}


@checks.register(checks.Tags.caches, deploy=True)
def throttle_counters(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Throttle counters must be one per scope for the whole deployment."""
    if not settings.PRODUCTION:
        return []
    found = []
    cache_name = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(cache_name, {}).get("BACKEND", "")
    if backend in SPLIT_CACHES:
        found.append(checks.Warning(
            f"限流计数所用缓存 {backend} {SPLIT_CACHES[backend]}：多个工作进程时实际限额会放宽数倍",
            hint="设置 FAZHI_REDIS_URL，或不设置它以使用数据库缓存（fazhi migrate 会建表）",
            id="fazhi.W001"))
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        found.append(checks.Warning(
            "限流已关闭（FAZHI_THROTTLES=0）：查询码猜测和批量提交不受限制",
            hint="生产环境删除 FAZHI_THROTTLES 或设为 1", id="fazhi.W002"))
    return found
