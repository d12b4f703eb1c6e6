"""Pictures members upload (avatars, images in posts): checked by their content,
not their name, limited in size, resized and re-encoded (which drops metadata
and anything hidden after the picture) before Django's storage keeps them."""

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
AVATAR_SIDE = 128
POST_IMAGE_SIDE = 1600
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int


def clean_image(upload, *, max_side: int, square: bool = False) -> CleanImage:
    """A safe copy of an uploaded picture, or ValidationError saying what's wrong."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The picture is too big: at most %(size)d MB.")
            % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in ACCEPTED_FORMATS:
            raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP picture."))
        if width * height > MAX_PIXELS:
            raise ValidationError(_("The picture has too many pixels."))
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)  # the first frame of an animation
            image = ImageOps.exif_transpose(image)
            if square:
                image = ImageOps.fit(image, (max_side, max_side))
            else:
                image.thumbnail((max_side, max_side))
            has_alpha = image.mode in ("RGBA", "LA", "P")
            image = image.convert("RGBA" if has_alpha else "RGB")
            out = io.BytesIO()
            if has_alpha:
                image.save(out, "PNG", optimize=True)
                extension = "png"
            else:
                image.save(out, "JPEG", quality=85, optimize=True)
                extension = "jpg"
            size = image.size
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ):
        raise ValidationError(_("That file is not a picture we can read.")) from None
    name = f"{uuid.uuid4().hex}.{extension}"
    return CleanImage(ContentFile(out.getvalue(), name=name), *size)
