"""What an attached file really is, read from its content, never from its name.

Screenshots (PNG, JPEG, GIF, WebP) are opened and checked by Pillow; a PDF must
start like one; a text file (a log) must be UTF-8 without control characters.
Anything else is refused, whatever its name says.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

IMAGE_TYPES = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
ALLOWED_DESCRIPTION = gettext_lazy(
    "a screenshot (PNG, JPEG, GIF, WebP), a PDF or a text file"
)


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str


def _image_type(upload) -> FileType | None:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    except Image.DecompressionBombError:
        return None
    if kind not in IMAGE_TYPES:
        return None
    return FileType(*IMAGE_TYPES[kind])


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\n\r\f" for c in text)


def detect_type(upload) -> FileType | None:
    """The file's type if it is one kb accepts, else None (the whole file is read:
    callers check its size first)."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content:
        return None
    if content.startswith(b"%PDF-"):
        return FileType("application/pdf", "pdf")
    image = _image_type(upload)
    upload.seek(0)
    if image is not None:
        return image
    if _is_text(content):
        return FileType("text/plain", "txt")
    return None
