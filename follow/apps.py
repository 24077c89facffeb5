from django.apps import AppConfig


class FollowConfig(AppConfig):
    name = "follow"
    verbose_name = "订阅与通知"
