from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_domain_name

from home.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = (
        "Make a fresh site ready for readers: home page, article list, imprint and privacy pages in German and "
        "English, and the Wagtail Site with the address readers use. No demo articles. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", required=True, help="The address readers use, e.g. blog.example.de")
        parser.add_argument("--port", type=int, help="The port readers use (default: 443 with --https, else 80)")
        parser.add_argument("--https", action="store_true", help="Readers reach the site over HTTPS")

    def handle(self, *args, hostname, port, https, **options):
        hostname = hostname.strip().lower()
        try:
            if hostname != "localhost":
                validate_domain_name(hostname.strip("[]"))
        except ValidationError:
            # An IP address is a valid hostname too (127.0.0.1 under `make run`).
            if not all(part.isdigit() for part in hostname.split(".")):
                raise CommandError(f"“{hostname}” is not a host name, e.g. blog.example.de.") from None
        port = port or (443 if https else 80)
        if not 0 < port < 65536:
            raise CommandError(f"{port} is not a port number.")
        builder = DemoBuilder(stdout=self.stdout)
        site = builder.build_structure(hostname, port)
        scheme = "https" if https else "http"
        default_port = 443 if https else 80
        address = f"{scheme}://{hostname}" + ("" if port == default_port else f":{port}") + "/"
        if builder.created:
            self.stdout.write(self.style.SUCCESS(f"Site ready at {address} ({builder.created} objects created)."))
        else:
            self.stdout.write(f"Site already set up at {address}; nothing changed.")
        if site.hostname in {"localhost", "127.0.0.1"} and https:
            self.stdout.write(self.style.WARNING("HTTPS on a local address: is --hostname what readers use?"))
