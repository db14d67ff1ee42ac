"""Queries on agents, their sessions and canned responses. Never commits: the caller does."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.agents.tables import Agent, AgentSession, CannedResponse


class AgentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_email(self, email: str) -> Agent | None:
        query = select(Agent).where(func.lower(Agent.email) == email.lower())
        return (await self.session.execute(query)).scalar_one_or_none()

    async def by_id(self, agent_id: int) -> Agent | None:
        return await self.session.get(Agent, agent_id)

    async def all(self) -> list[Agent]:
        return list((await self.session.execute(select(Agent).order_by(Agent.id))).scalars())

    async def session_by_digest(self, token_digest: str) -> AgentSession | None:
        query = select(AgentSession).where(AgentSession.token_digest == token_digest)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def drop_session(self, session_id: int) -> None:
        await self.session.execute(delete(AgentSession).where(AgentSession.id == session_id))

    async def drop_sessions_of(self, agent_id: int) -> None:
        await self.session.execute(delete(AgentSession).where(AgentSession.agent_id == agent_id))

    async def canned(self) -> list[CannedResponse]:
        query = select(CannedResponse).order_by(CannedResponse.shortcut)
        return list((await self.session.execute(query)).scalars())

    async def canned_by_shortcut(self, shortcut: str) -> CannedResponse | None:
        query = select(CannedResponse).where(CannedResponse.shortcut == shortcut)
        return (await self.session.execute(query)).scalar_one_or_none()
