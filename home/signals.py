from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import HomePage
from .translators import grant_home_permissions


@receiver(post_save, sender=HomePage, dispatch_uid="home_translators_on_new_home")
def give_translators_the_new_home(sender, instance, created, raw=False, **kwargs):
    """Each language's tree gets the translators' permissions as soon as its home page exists."""
    if created and not raw:
        grant_home_permissions(instance)
