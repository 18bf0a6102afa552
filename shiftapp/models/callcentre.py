"""Call centre: channels and half-hourly volume forecasts (turned into requirements by Erlang C)."""
from __future__ import annotations

import datetime as dt
from datetime import time
from typing import Optional

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel


class Channel(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("unit_id", "code", name="uq_channel_unit_code"),
        CheckConstraint("service_level_pct > 0 AND service_level_pct <= 100", name="ck_channel_sl"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    code: str = Field(max_length=20)  # phone, face_to_face, email
    name: str = Field(max_length=60)
    service_level_pct: int = 80
    service_level_seconds: int = 20
    aht_seconds: int = 180
    shrinkage_pct: int = 30
    max_occupancy_pct: int = 85


class VolumeForecast(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("channel_id", "date", "interval_start", name="uq_forecast_interval"),
        CheckConstraint("volume >= 0", name="ck_forecast_volume"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    channel_id: int = Field(foreign_key="channel.id", index=True)
    date: dt.date
    interval_start: time
    volume: float
    aht_seconds: Optional[int] = None
