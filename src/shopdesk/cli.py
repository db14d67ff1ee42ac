"""The ``shopdesk`` command line."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from shopdesk.agents.cli import agents_app
from shopdesk.cli_nlu import nlu_app
from shopdesk.settings import Settings, get_settings

app = typer.Typer(
    help="shopdesk: a self-hosted AI support desk for online shops.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(nlu_app, name="nlu")
kb_app = typer.Typer(help="Knowledge base (FAQ articles).", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
app.add_typer(agents_app, name="agents")
console = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        for error in exc.errors():
            field = "SHOPDESK_" + ".".join(str(p) for p in error["loc"]).upper()
            err.print(f"[red]error:[/red] {field}: {error['msg']}")
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Serve the chat API (and the demo page). Creates or upgrades the schema first."""
    _serve(_settings(), host, port, workers)


def _serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from shopdesk.commerce.registry import ConnectorError, connector_from_settings
    from shopdesk.policy import PolicyError, load_policy

    try:  # a wrong policy or connector must stop the start, saying what is wrong, not a traceback
        load_policy(settings)
        if settings.connector != "builtin":
            asyncio.run(connector_from_settings(settings).aclose())
    except (PolicyError, ConnectorError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    asyncio.run(_upgrade(settings))
    console.print(f"shopdesk serving on http://{host}:{port}  (database: {_safe_url(settings)})")
    # No Server header: what runs behind the port is nobody else's business.
    if workers > 1:
        uvicorn.run(
            "shopdesk.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            server_header=False,
        )
    else:
        from shopdesk.app import create_app

        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="warning", server_header=False
        )


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


async def _upgrade(settings: Settings) -> None:
    from shopdesk.kit.db import create_engine
    from shopdesk.kit.migrations import upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations to the configured database."""
    settings = _settings()
    asyncio.run(_upgrade(settings))
    console.print(f"database up to date: {_safe_url(settings)}")


@app.command("import")
def import_store(
    file: Annotated[Path, typer.Argument(help="Store file in the store import format (JSON)")],
) -> None:
    """Validate a store file, then upsert it in one transaction (nothing on any error)."""
    from shopdesk.store import StoreImportError, load_document

    settings = _settings()
    try:
        document = load_document(file)
    except StoreImportError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    try:
        summary = asyncio.run(_import(settings, document))
    except StoreImportError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(f"imported {file}: {summary}")


async def _import(settings: Settings, document: object) -> object:
    from shopdesk.kit.db import create_engine, create_sessionmaker, transaction
    from shopdesk.kit.migrations import upgrade
    from shopdesk.store import import_document

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("importing", total=None)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            async with transaction(create_sessionmaker(engine)) as session:
                return await import_document(session, document, progress=report)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


@kb_app.command("import")
def kb_import(
    folder: Annotated[Path, typer.Argument(help="A folder of FOLDER/<locale>/<slug>.md files")],
) -> None:
    """Upsert the knowledge base's articles from markdown files, by slug and locale (the first
    '# ' heading is the title). Every file is checked first: on any error nothing is imported."""
    from shopdesk.knowledge.markdown import ArticleFileError, check_locale, parse_article
    from shopdesk.store import StoreImportError, parse_document

    def fail(message: str) -> typer.Exit:
        err.print(f"[red]error:[/red] {message}")
        return typer.Exit(2)

    if not folder.is_dir():
        raise fail(f"{folder}: not a folder")
    records: list[dict[str, str]] = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        try:
            locale = check_locale(sub.name)
        except ArticleFileError as exc:
            raise fail(f"{sub}: {exc}") from None
        for file in sorted(sub.glob("*.md")):
            try:
                article = parse_article(file.stem, locale, file.read_bytes())
            except (ArticleFileError, OSError) as exc:
                raise fail(f"{file}: {exc}") from None
            record = {"slug": article.slug, "locale": locale, "title": article.title}
            records.append(
                record | {"body": article.body} | ({"url": article.url} if article.url else {})
            )
    if not records:
        raise fail(f"{folder}: no articles (expected {folder}/<locale>/<slug>.md)")
    try:
        document = parse_document({"articles": records})
        summary = asyncio.run(_import(_settings(), document))
    except StoreImportError as exc:
        raise fail(str(exc)) from None
    console.print(f"imported {folder}: {summary.articles}")  # type: ignore[attr-defined]


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
) -> None:
    """Load the demo shop (idempotent) and serve it."""
    from shopdesk.store import DEMO_EXAMPLES, generate_demo_store, parse_document
    from shopdesk.store.demo_data import SHOP_NAME as DEMO_SHOP_NAME

    settings = _settings()
    if "shop_name" not in settings.model_fields_set:
        settings = settings.model_copy(update={"shop_name": DEMO_SHOP_NAME})
    if settings.policy_path is None:  # the demo shop's own return window, shipping, hours...
        from importlib import resources

        demo_policy = resources.files("shopdesk.store").joinpath("demo_policy.yml")
        settings = settings.model_copy(update={"policy_path": Path(str(demo_policy))})
    document = parse_document(generate_demo_store())
    summary = asyncio.run(_import(settings, document))
    console.print(f"demo shop loaded: {summary}")
    console.print("Try these orders in the chat (order number + email):")
    for number, email, _postal, status in DEMO_EXAMPLES:
        console.print(f"  {number:<8} {email:<32} {status}")
    if serve_after:
        _serve(settings, host, port)


@app.command()
def chat(
    locale: Annotated[str | None, typer.Option(help="Start in this language")] = None,
) -> None:
    """Talk to your own shop's bot in the terminal."""
    asyncio.run(_chat(_settings(), locale))


async def _chat(settings: Settings, locale: str | None) -> None:
    from shopdesk.app import build_runtime, close_runtime
    from shopdesk.conversations.schemas import check_text
    from shopdesk.conversations.service import ConversationService, Turn

    with console.status("loading the bot..."):
        runtime = await build_runtime(settings)
    service = ConversationService(runtime)
    try:
        conversation, token, greeting = await service.create(
            locale=locale, channel="cli", customer_token=None
        )
        for message in greeting:
            console.print(f"[bold cyan]bot:[/bold cyan] {message.text}")
        while True:
            try:
                text = (await asyncio.to_thread(console.input, "[bold]you:[/bold] ")).strip()
            except (EOFError, KeyboardInterrupt):
                break
            if not text:
                continue
            if text in {"/quit", "/exit"}:
                break
            try:
                text = check_text(text)
            except ValueError as exc:
                err.print(f"[yellow]{exc}[/yellow]")
                continue
            turn = await service.receive(
                conversation.id, token, text, client_key=f"cli:{os.getpid()}"
            )
            if isinstance(turn, Turn):
                for message in turn.replies:
                    console.print(f"[bold cyan]bot:[/bold cyan] {message.text}")
                if turn.conversation.state != "bot":
                    console.print(f"[dim](conversation is now {turn.conversation.state})[/dim]")
    finally:
        await close_runtime(runtime)


@app.command("test")
def test_conversations(
    path: Annotated[Path, typer.Argument(help="A conversation test file (YAML), or a folder")],
    store: Annotated[
        Path | None, typer.Option(help="Store file to test against (overrides the files' own)")
    ] = None,
) -> None:
    """Run conversation tests against a store, in-process, on a throw-away database."""
    from shopdesk.convtest import run_scripts
    from shopdesk.convtest.spec import ScriptError, load_script_file
    from shopdesk.store import StoreImportError

    files = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
    if not files:
        err.print(f"[red]error:[/red] {path}: no conversation test files (*.yml)")
        raise typer.Exit(2)
    settings = _settings()
    passed = failed = 0
    for file in files:
        try:
            script = load_script_file(file)
            results = asyncio.run(run_scripts(script, store=store, settings=settings))
        except (ScriptError, StoreImportError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        for result in results:
            mark = "[green]PASS[/green]" if result.passed else "[red]FAIL[/red]"
            console.print(f"{mark} {file.name}: {result.name}")
            for failure in result.failures:
                console.print(f"     {failure}")
            passed += result.passed
            failed += not result.passed
    console.print(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
