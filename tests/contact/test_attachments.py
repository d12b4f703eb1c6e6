"""An attachment's type is read from its content, never from its name."""

from django.core.files.uploadedfile import SimpleUploadedFile

from kb.contact.attachments import detect_type

from .conftest import png_bytes


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_a_png_is_a_png_whatever_its_name():
    found = detect_type(upload("screenshot.txt", png_bytes()))

    assert (found.mime, found.extension) == ("image/png", "png")


def test_a_program_named_like_a_screenshot_is_refused():
    program = b"MZ\x90\x00\x03\x00\x00\x00" * 50
    assert detect_type(upload("screenshot.png", program)) is None


def test_a_file_that_only_starts_like_a_png_is_refused():
    broken = b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20
    assert detect_type(upload("x.png", broken)) is None


def test_a_pdf_and_a_log_are_accepted():
    assert detect_type(upload("a.bin", b"%PDF-1.7\n...")).mime == "application/pdf"
    log = "2026-11-29 ERROR Upload failed: “quota”\n".encode()
    assert detect_type(upload("log", log)).mime == "text/plain"


def test_text_with_control_characters_or_an_empty_file_is_refused():
    assert detect_type(upload("a.txt", b"hello\x00world")) is None
    assert detect_type(upload("a.txt", b"\x1b[31mred")) is None
    assert detect_type(upload("empty.txt", b"")) is None


def test_detecting_leaves_the_file_ready_to_read():
    file = upload("a.png", png_bytes())
    detect_type(file)

    assert file.read() == png_bytes()
