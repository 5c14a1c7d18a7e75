"""A portrait photo (证件照, 结婚登记的合影): a photo of a person on a plain background.

A portrait has no text, so OCR and the classifier cannot tell it from any other picture; an
upload the item needs as 照片 must not be reported "unrecognised" while a flower or a dish
uploaded by mistake still is. What makes an ID-style photo: a plain background behind the head
(the top edge and the upper sides of one colour, not itself skin-coloured) and a skin-coloured
face that takes a fair share of the picture.
"""

from __future__ import annotations

import re

import numpy as np
from PIL import Image

# The share of the background's edge pixels close to its median colour: a studio backdrop.
_PLAIN = 0.85
_CLOSE = 40  # summed RGB distance that counts as the same colour
# Skin (the face, the neck): its share of the picture in a head-and-shoulders photo.
_SKIN_SHARE = (0.04, 0.5)


def _skin(ycbcr: np.ndarray) -> np.ndarray:
    """Skin tones by chroma alone (the usual Cr 135–173, Cb 77–127 box), whatever the light."""
    cb, cr = ycbcr[..., 1], ycbcr[..., 2]
    return (cr >= 135) & (cr <= 173) & (cb >= 77) & (cb <= 127)


def looks_like_portrait(image: Image.Image) -> bool:
    """A head-and-shoulders photo on a plain backdrop (the body may reach the bottom edge),
    either way up: OCR turns a page it finds upside down, and a face gives it no text to go by."""
    small = image.convert("RGB")
    small.thumbnail((300, 300))
    return _upright_portrait(small) or _upright_portrait(small.rotate(180))


def _upright_portrait(small: Image.Image) -> bool:
    rgb = np.asarray(small, dtype=np.int16)
    ycbcr = np.asarray(small.convert("YCbCr"), dtype=np.int16)
    height = rgb.shape[0]
    upper = int(height * 0.6)
    edge = np.concatenate([rgb[0], rgb[:upper, 0], rgb[:upper, -1]])
    edge_ycbcr = np.concatenate([ycbcr[0], ycbcr[:upper, 0], ycbcr[:upper, -1]])
    backdrop = np.median(edge, axis=0)
    plain = float((np.abs(edge - backdrop).sum(axis=1) < _CLOSE).mean()) >= _PLAIN
    if not plain or float(_skin(edge_ycbcr).mean()) > 0.5:  # a brown table is no backdrop
        return False
    share = float(_skin(ycbcr).mean())
    return _SKIN_SHARE[0] <= share <= _SKIN_SHARE[1]


# A material that is a portrait of the applicant (近期免冠证件照片, 二寸合影), not any photo
# (招牌设计效果图及现场照片 is a picture of a shop front).
_PORTRAIT_MATERIAL = re.compile(r"免冠|证件照|合影|寸照|半身照")


def is_portrait_material(name: str) -> bool:
    return bool(_PORTRAIT_MATERIAL.search(name))
