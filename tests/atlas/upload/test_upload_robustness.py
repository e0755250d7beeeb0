"""Damaged and hostile input: validation must always return a report, never raise."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from atlas.upload import ValidationReport, to_atlas_frames, validate_upload

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "uploads"
NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".py")


def _mutations(data: bytes, rng: random.Random, count: int):
    specials = [b",", b";", b"\t", b'"', b"\n", b"\r", b"=", b"<", b"\x00", b"\xff", b"\xe9", b" "]
    for _ in range(count):
        buf = bytearray(data)
        kind = rng.randrange(5)
        if not buf:
            yield bytes(rng.choice(specials) * rng.randrange(1, 50))
            continue
        if kind == 0:  # flip some bytes
            for _ in range(rng.randrange(1, 8)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif kind == 1:  # truncate
            del buf[rng.randrange(len(buf)) :]
        elif kind == 2:  # insert separators and quotes
            for _ in range(rng.randrange(1, 8)):
                buf[rng.randrange(len(buf)) : 0] = rng.choice(specials)
        elif kind == 3:  # duplicate a slice
            start = rng.randrange(len(buf))
            buf[start:start] = buf[start : start + rng.randrange(1, 200)]
        else:  # drop a slice
            start = rng.randrange(len(buf))
            del buf[start : start + rng.randrange(1, 50)]
        yield bytes(buf)


@pytest.mark.parametrize("name", NAMES)
def test_mutated_fixtures_always_give_a_report(name, cities, alternates):
    rng = random.Random(name)
    data = (FIXTURES / name).read_bytes()
    for mutated in _mutations(data, rng, 15):
        report = validate_upload(mutated, cities, alternate_names=alternates, filename=name)
        assert isinstance(report, ValidationReport)
        assert report.messages
        assert len(report.accepted) == report.rows_accepted
        values = to_atlas_frames(report).values
        assert len(values) == report.rows_accepted
        assert not values.duplicated(["city_id", "indicator_id", "year"]).any()
        assert values["city_id"].notna().all() and values["indicator_id"].notna().all()
