"""Photographs compared by perceptual hashes (shield.matching.images): the same picture
recompressed, resized, flipped and turned matches; an unrelated picture does not. The pictures
are drawn here (Pillow), each from its own seed."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw

from shield.matching import images
from shield.matching.objects import Description


def picture(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    r = random.Random(seed)
    img = Image.new("RGB", size, tuple(r.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x0, y0 = r.randrange(size[0]), r.randrange(size[1])
        box = (x0, y0, x0 + r.randrange(40, 300), y0 + r.randrange(40, 250))
        colour = tuple(r.randrange(256) for _ in range(3))
        (draw.ellipse if r.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return img


def encoded(img: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def near(searched: Image.Image, record: Image.Image) -> images.ImageMatch:
    found = images.similarity(
        [images.variant_prints(searched)], [("r", images.fingerprint(record))]
    )
    assert found is not None
    return found


ALTERED = {
    "recompressed": lambda img: images.open_image(encoded(img, quality=30)),
    "resized": lambda img: img.resize((213, 160)),
    "enlarged": lambda img: img.resize((1280, 960)),
    "flipped": lambda img: img.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    "flipped upside down": lambda img: img.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
    "turned a quarter": lambda img: img.rotate(90, expand=True),
    "turned half": lambda img: img.rotate(180),
    "turned, shrunk, recompressed": lambda img: images.open_image(
        encoded(img.rotate(270, expand=True).resize((240, 320)), quality=50)
    ),
    "as PNG": lambda img: images.open_image(encoded(img, "PNG")),
}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("how", sorted(ALTERED))
def test_the_same_picture_altered_matches(seed, how):
    original = picture(seed)
    found = near(ALTERED[how](original), original)
    assert found.outcome == "match", (how, found)
    assert found.score >= 80


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_unrelated_picture_does_not_match(seed):
    original = picture(seed)
    for other in range(100, 120):
        found = near(picture(other), original)
        assert found.outcome == "differs", (other, found)
        assert found.score < 40


def test_hashes_are_sixteen_hex_digits_and_stable():
    a, b = images.fingerprint(picture(7)), images.fingerprint(picture(7))
    assert a == b
    assert len(a.phash) == len(a.dhash) == 16
    int(a.phash, 16), int(a.dhash, 16)
    assert images.variant_prints(picture(7))[0] == a


def test_not_an_image_is_refused():
    with pytest.raises(images.ImageUnreadable):
        images.open_image(b"%PDF-1.4 not a picture")


def test_transparency_is_flattened_on_white():
    rgba = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    assert images.open_image(encoded(rgba, "PNG")).getpixel((3, 3)) == (255, 255, 255)


def test_a_photograph_counts_in_the_ranking():
    icon = Description(key="A", object_type="icon", title="Saint George")
    other = Description(key="B", object_type="icon", title="Saint George")
    shot = picture(1)
    records = [
        (icon, [("a1", images.fingerprint(shot))]),
        (other, [("b1", images.fingerprint(picture(50)))]),
    ]
    query = Description(object_type="icon", title="Saint George")
    ranked = images.rank(query, [images.variant_prints(shot.rotate(90, expand=True))], records)
    assert [r.key for r in ranked] == ["A", "B"]
    assert ranked[0].image is not None and ranked[0].image.outcome == "match"
    assert ranked[0].score > ranked[1].score
    # without the photograph both tie on the text alone
    plain = images.rank(query, [], records)
    assert plain[0].score == plain[1].score and plain[0].image is None


def test_a_photograph_alone_finds_its_object():
    shot = picture(2)
    records = [(Description(key="A", object_type="vase"), [("a1", images.fingerprint(shot))])]
    ranked = images.rank(
        Description(),
        [images.variant_prints(images.open_image(encoded(shot, quality=40)))],
        records,
    )
    assert [r.key for r in ranked] == ["A"]
    assert images.rank(Description(), [images.variant_prints(picture(60))], records) == []
