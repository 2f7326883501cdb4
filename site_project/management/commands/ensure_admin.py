import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Make sure an admin account exists; its password comes from DJANGO_SUPERUSER_PASSWORD or is generated."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        User = get_user_model()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        user = User.objects.filter(username=username).first()
        if user is not None:
            if password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"Admin account “{username}”: password set from DJANGO_SUPERUSER_PASSWORD.")
            else:
                self.stdout.write(
                    f"Admin account “{username}” exists. Forgot its password? Set a new one with: "
                    f".venv/bin/python manage.py changepassword {username}"
                )
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username,
            email=os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.org"),
            password=password,
            first_name="Redaktion",
        )
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin account “{username}” with the password: {password}\n"
                    "It is shown only this once. Change it with: .venv/bin/python manage.py changepassword admin"
                )
            )
        else:
            self.stdout.write(f"Created admin account “{username}” with the password from DJANGO_SUPERUSER_PASSWORD.")
