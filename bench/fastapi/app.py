"""The benchmarked endpoints as a well-written FastAPI service would have them.

SQLAlchemy 2 (async), Pydantic v2, HS256 JWTs (PyJWT) and Argon2id with the generated server's
parameters (argon2-cffi), served by uvicorn with one worker per core.

Environment: DATABASE_URL (`sqlite+aiosqlite:///path` or `postgresql+asyncpg://...`), SECRET_KEY,
POOL_SIZE (connections per worker). `python app.py --init-db` creates the tables.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from datetime import datetime, timedelta, timezone
from typing import Annotated, AsyncIterator

import jwt
from anyio import to_thread
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from fastapi import Depends, FastAPI, HTTPException, Query, Response, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from fastapi_filter import FilterDepends
from fastapi_filter.contrib.sqlalchemy import Filter
from pydantic import BaseModel, ConfigDict, EmailStr, Field
from sqlalchemy import (Boolean, DateTime, Float, ForeignKey, String, Text, event, func,
                        select)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///bench-fastapi.db")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
POOL_SIZE = int(os.environ.get("POOL_SIZE", "8"))
TOKEN_MINUTES = 30

# Argon2id with the parameters of the Rust `argon2` crate's defaults (19 MiB, 2 passes, 1 lane).
hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16)
DUMMY_HASH = hasher.hash("not a real password")

engine = create_async_engine(DATABASE_URL, pool_size=POOL_SIZE, max_overflow=0)
Session = async_sessionmaker(engine, expire_on_commit=False)

if DATABASE_URL.startswith("sqlite"):

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String, unique=True)
    hashed_password: Mapped[str] = mapped_column(String)
    full_name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String)
    is_active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Item(Base):
    __tablename__ = "items"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String)
    price: Mapped[float] = mapped_column(Float, index=True)
    in_stock: Mapped[bool] = mapped_column(Boolean, index=True)
    category_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    category: Mapped[Category | None] = relationship(lazy="raise")


class ItemCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    price: float = Field(ge=0)
    in_stock: bool = True
    category_id: uuid.UUID | None = None


class CategoryCreate(BaseModel):
    name: str = Field(min_length=1, max_length=80)


class CategoryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    name: str
    created_at: datetime
    updated_at: datetime


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    title: str
    price: float
    in_stock: bool
    category_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class ItemDetail(ItemRead):
    """An item with its category embedded (`?include=category`)."""
    category: CategoryRead | None = None


class ItemList(BaseModel):
    items: list[ItemDetail]
    total: int
    limit: int
    offset: int


class UserCreate(BaseModel):
    email: EmailStr
    password: str = Field(min_length=8, max_length=128)
    full_name: str | None = None


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    email: str
    full_name: str | None
    role: str
    is_active: bool
    created_at: datetime


class Token(BaseModel):
    access_token: str
    token_type: str
    expires_in: int


async def get_session() -> AsyncIterator[AsyncSession]:
    async with Session() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token")
UNAUTHORIZED = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="Could not validate credentials",
    headers={"WWW-Authenticate": "Bearer"},
)


async def get_current_user(
    session: SessionDep, token: Annotated[str, Depends(oauth2_scheme)]
) -> User:
    try:
        claims = jwt.decode(
            token,
            SECRET_KEY,
            algorithms=["HS256"],
            options={"require": ["exp", "iat", "sub"]},
        )
        user_id = uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, ValueError):
        raise UNAUTHORIZED
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise UNAUTHORIZED
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


class SecurityHeaders:
    """Sets the security headers the generated server sets (a pure ASGI middleware)."""

    HEADERS = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    ]

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


app = FastAPI(title="bench")
app.add_middleware(
    CORSMiddleware,
    allow_origins=[],
    allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
    allow_headers=["authorization", "content-type", "x-requested-with"],
)
app.add_middleware(SecurityHeaders)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/api/v1/auth/register", status_code=201, response_model=UserRead)
async def register(body: UserCreate, session: SessionDep) -> User:
    hashed = await to_thread.run_sync(hasher.hash, body.password)
    now = utcnow()
    user = User(
        id=uuid.uuid4(),
        email=body.email.lower(),
        hashed_password=hashed,
        full_name=body.full_name,
        role="user",
        is_active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    await session.commit()
    return user


def _verify(hash_: str, password: str) -> bool:
    try:
        return hasher.verify(hash_, password)
    except VerificationError:
        return False


@app.post("/api/v1/auth/token", response_model=Token)
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep
) -> Token:
    user = (
        await session.execute(select(User).where(User.email == form.username.lower()))
    ).scalar_one_or_none()
    hash_ = user.hashed_password if user else DUMMY_HASH
    verified = await to_thread.run_sync(_verify, hash_, form.password)
    if user is None or not verified or not user.is_active:
        raise HTTPException(
            status_code=401,
            detail="Incorrect email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    now = utcnow()
    claims = {
        "sub": str(user.id),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=TOKEN_MINUTES)).timestamp()),
    }
    token = jwt.encode(claims, SECRET_KEY, algorithm="HS256")
    return Token(access_token=token, token_type="bearer", expires_in=TOKEN_MINUTES * 60)


class ItemFilter(Filter):
    """fastapi-filter: `?in_stock=true&price__gte=10&order_by=-price&search=lamp`."""
    in_stock: bool | None = None
    price__gte: float | None = None
    order_by: list[str] | None = None
    search: str | None = None

    class Constants(Filter.Constants):
        model = Item
        search_model_fields = ["title"]


@app.get("/api/v1/items", response_model=ItemList, response_model_exclude_unset=True)
async def list_items(
    session: SessionDep,
    _user: CurrentUser,
    item_filter: Annotated[ItemFilter, FilterDepends(ItemFilter)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    include: Annotated[str | None, Query(pattern="^category$")] = None,
) -> ItemList:
    filtered = item_filter.filter(select(Item))
    query = item_filter.sort(filtered) if item_filter.order_by else filtered.order_by(Item.id)
    if include:
        query = query.options(selectinload(Item.category))
    rows = (await session.scalars(query.limit(limit).offset(offset))).all()
    total = await session.scalar(select(func.count()).select_from(filtered.subquery()))
    # Without the include, `category` stays unset and out of the response.
    items = [ItemDetail.model_validate(row if include else ItemRead.model_validate(row))
             for row in rows]
    return ItemList(items=items, total=total or 0, limit=limit, offset=offset)


@app.post("/api/v1/categories", status_code=201, response_model=CategoryRead)
async def create_category(body: CategoryCreate, session: SessionDep,
                          _user: CurrentUser) -> Category:
    now = utcnow()
    category = Category(id=uuid.uuid4(), created_at=now, updated_at=now, **body.model_dump())
    session.add(category)
    await session.commit()
    return category


@app.post("/api/v1/items", status_code=201, response_model=ItemRead)
async def create_item(
    body: ItemCreate, session: SessionDep, _user: CurrentUser, response: Response
) -> Item:
    now = utcnow()
    item = Item(id=uuid.uuid4(), created_at=now, updated_at=now, **body.model_dump())
    session.add(item)
    await session.commit()
    response.headers["Location"] = f"/api/v1/items/{item.id}"
    return item


@app.get("/api/v1/items/{item_id}", response_model=ItemRead)
async def read_item(item_id: uuid.UUID, session: SessionDep, _user: CurrentUser) -> Item:
    item = await session.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return item


async def init_db() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    await engine.dispose()


if __name__ == "__main__" and sys.argv[1:] == ["--init-db"]:
    asyncio.run(init_db())
