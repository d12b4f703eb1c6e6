import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests import factories


@pytest.fixture
def moderator_client(client, home):
    """The test client signed in as a member of Wagtail's Moderators group."""
    user = factories.make_user("moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return client


@pytest.fixture
def make_image(db):
    def make_image(title="Logo", size=(160, 40), colour="teal"):
        buffer = io.BytesIO()
        PILImage.new("RGB", size, colour).save(buffer, "PNG")
        upload = SimpleUploadedFile(f"{title.lower()}.png", buffer.getvalue())
        return Image.objects.create(title=title, file=upload)

    return make_image
