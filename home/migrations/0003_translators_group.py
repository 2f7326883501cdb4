from django.conf import settings
from django.db import migrations

GROUP_NAME = "Übersetzer"
SOURCE_LANGUAGE_PAGE_PERMISSIONS = ["change_page"]
TARGET_LANGUAGE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("wagtail_localize", "translation", "submit_translation", "Can submit translations"),
    ("blog", "author", "change_author", "Can change author"),
    ("blog", "category", "change_category", "Can change category"),
    ("blog", "tag", "change_tag", "Can change tag"),
]


def create_translators_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    HomePage = apps.get_model("home", "HomePage")

    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    # On a fresh database the model permissions are made only after all migrations: make them here.
    for app_label, model, codename, name in MODEL_PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)

    # Images: translators may choose or upload an English version of a picture that contains German text.
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    image_type, _created = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for codename, name in (("choose_image", "Can choose image"), ("add_image", "Can add image")):
            permission, _created = Permission.objects.get_or_create(
                content_type=image_type, codename=codename, defaults={"name": name}
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    page_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    for home in HomePage.objects.select_related("locale"):
        if home.locale.language_code == settings.LANGUAGE_CODE:
            codenames = SOURCE_LANGUAGE_PAGE_PERMISSIONS
        else:
            codenames = TARGET_LANGUAGE_PAGE_PERMISSIONS
        for permission in Permission.objects.filter(content_type=page_type, codename__in=codenames):
            GroupPagePermission.objects.get_or_create(group=group, page_id=home.pk, permission=permission)


def remove_translators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_english_locale"),
        ("blog", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_translators_group, remove_translators_group)]
