"""``shopdesk nlu``: train the intent model on a shop's own examples, evaluate it, try it.

Registered on the main command line by :mod:`shopdesk.cli`. Bad input (a missing or malformed
file, a model that cannot be loaded) is reported on stderr as ``error: FILE, line N, row M,
field F: problem`` and exits with status 2, never with a traceback.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from shopdesk.core.types import Intent

if TYPE_CHECKING:
    from shopdesk.nlu.evaluation import Evaluation
    from shopdesk.nlu.extra_data import LabelledExample
    from shopdesk.nlu.pipeline import Pipeline

DEFAULT_MODEL_PATH = Path("var/nlu-model.bin")
EVAL_EXTRA_HINT = "pip install 'shopdesk[eval]'"

nlu_app = typer.Typer(
    help="The intent model: train it on your own examples, evaluate it, try it.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)


def _fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(2)


def _read_bytes(path: Path, missing: str = "no such file") -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        _fail(f"{path}: {missing}")
    except IsADirectoryError:
        _fail(f"{path}: is a directory, not a file")
    except OSError as exc:
        _fail(f"{path}: cannot read it ({exc.strerror})")


def _read_text(path: Path) -> str:
    data = _read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        _fail(f"{path}, line {line}: not UTF-8 text (save the file as UTF-8)")


def read_examples(paths: Sequence[Path], *, allow_templates: bool = True) -> list[LabelledExample]:
    """The examples of training (or test) files; exits with status 2 on any bad file."""
    from shopdesk.nlu.extra_data import TrainingDataError, parse_examples

    examples: list[LabelledExample] = []
    for path in paths:
        text = _read_text(path)
        try:
            examples += parse_examples(text, str(path), allow_templates=allow_templates)
        except TrainingDataError as exc:
            _fail(str(exc))
    return examples


def _order_number_pattern() -> str:
    from pydantic import ValidationError

    from shopdesk.settings import get_settings

    try:
        return get_settings().order_number_pattern
    except ValidationError as exc:
        for error in exc.errors():
            field = "SHOPDESK_" + ".".join(str(p) for p in error["loc"]).upper()
            err.print(f"[red]error:[/red] {field}: {error['msg']}")
        raise typer.Exit(2) from None


def _spinner() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def train_pipeline(
    examples: Sequence[LabelledExample],
    *,
    order_number_pattern: str,
    progress: Callable[[str], None] | None = None,
) -> Pipeline:
    """The pipeline trained on the built-in data plus ``examples`` (what ``nlu train`` does)."""
    from shopdesk.nlu.pipeline import build_pipeline

    return build_pipeline(order_number_pattern, extra_examples=examples, progress=progress)


def _build(examples: Sequence[LabelledExample] = ()) -> Pipeline:
    pattern = _order_number_pattern()
    with _spinner() as progress:
        task = progress.add_task("loading", total=None)
        return train_pipeline(
            examples,
            order_number_pattern=pattern,
            progress=lambda step: progress.update(task, description=step),
        )


def load_model(path: Path) -> Pipeline:
    """A model saved by ``nlu train``; exits with status 2 if it cannot be used."""
    from shopdesk.nlu.pipeline import Pipeline

    data = _read_bytes(
        path, f"no such model file (make one with `shopdesk nlu train --out {path}`)"
    )
    try:
        with _spinner() as progress:
            progress.add_task(f"loading {path}", total=None)
            return Pipeline.from_bytes(data)
    except ValueError as exc:
        _fail(f"{path}: {exc}")


def _model(path: Path | None) -> Pipeline:
    """The model given, else the one the server would use (the shop's, or the cached built-in)."""
    if path is not None:
        return load_model(path)
    from shopdesk.nlu_models import load_pipeline
    from shopdesk.settings import get_settings

    _order_number_pattern()  # reports a bad configuration cleanly
    with _spinner() as progress:
        progress.add_task("loading the model", total=None)
        return load_pipeline(get_settings())


@nlu_app.command()
def train(
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data",
            help="Your own examples: .yml (our training format), .csv, .tsv or .jsonl with "
            "text (or utterance) and intent columns. Repeat for several files.",
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Where to save the model (serve it with SHOPDESK_NLU_MODEL_PATH)")
    ] = DEFAULT_MODEL_PATH,
) -> None:
    """Train the intent model on the built-in examples plus yours, and save it."""
    examples = read_examples(data or [])
    started = time.perf_counter()
    pipeline = _build(examples)
    blob = pipeline.to_bytes()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        partial.write_bytes(blob)
        partial.replace(out)
    except OSError as exc:
        _fail(f"{out}: cannot write the model ({exc.strerror})")
    info = pipeline.info
    if info is None:  # pragma: no cover - build_pipeline always sets it
        _fail("the trained model has no training information")
    elapsed = time.perf_counter() - started
    console.print(
        f"trained on {info.examples} examples ({info.examples - info.extra_examples} built-in, "
        f"{info.extra_examples} yours), {len(info.intents)} intents, in {elapsed:.1f} s"
    )
    if info.extra_languages:
        langs = ", ".join(f"{lang} {n}" for lang, n in info.extra_languages.items())
        console.print(f"your examples by language: {langs}")
    known = {i.value for i in Intent}
    new = sorted({ex.intent for ex in examples} - known)
    if new:
        console.print(
            f"new intents: {', '.join(new)} (no conversation flow handles them yet: the bot "
            "answers them as it answers anything it cannot help with)"
        )
    console.print(
        f"saved {out} ({len(blob) / 1e6:.1f} MB, training data {info.training_hash[:12]})"
    )
    console.print(f"serve it with: SHOPDESK_NLU_MODEL_PATH={escape(str(out.resolve()))}")


@nlu_app.command("eval")
def evaluate_file(
    file: Annotated[
        Path,
        typer.Argument(
            help="Test examples: .csv, .tsv or .jsonl with text (or utterance) and intent"
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the results as one JSON object (last line)")
    ] = False,
    model: Annotated[
        Path | None, typer.Option(help="A model saved by `nlu train` (default: the built-in one)")
    ] = None,
    png: Annotated[
        Path | None, typer.Option(help="Write the confusion matrix to this PNG file")
    ] = None,
) -> None:
    """Score the model on labelled examples: accuracy, macro-F1, per intent, confusions."""
    from shopdesk.nlu.evaluation import evaluate

    examples = read_examples([file], allow_templates=False)
    pipeline = _model(model)
    predicted: list[str] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    bar = Progress(
        *columns, TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal
    )
    with bar as progress:
        task = progress.add_task("predicting", total=len(examples))
        for i, ex in enumerate(examples, 1):
            predicted.append(pipeline.understand(ex.text, hint_locale=ex.language).intent)
            if i % 50 == 0 or i == len(examples):
                progress.update(task, completed=i)
    result = evaluate([ex.intent for ex in examples], predicted)
    known = set(pipeline.info.intents) if pipeline.info else None
    unknown = sorted({ex.intent for ex in examples} - known) if known else []
    if unknown:
        err.print(
            f"[yellow]note:[/yellow] the model has no intent {', '.join(unknown)}: "
            "train it with examples of them (`shopdesk nlu train --data`)"
        )
    png_written = _write_png(result, png, title=file.name) if png is not None else None
    if as_json:
        payload = {
            "file": str(file),
            "model": str(model) if model else "built-in",
            **result.to_dict(),
            "top_confusions": [
                {"intent": g, "predicted": p, "count": c} for g, p, c in result.top_confusions()
            ],
            "png": str(png) if png_written else None,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    _print_evaluation(result, file)
    if png_written:
        console.print(f"confusion matrix: {escape(str(png))}")


def _print_evaluation(result: Evaluation, file: Path) -> None:
    console.print(
        f"[bold]{escape(str(file))}[/bold]: {result.n} examples, "
        f"accuracy [bold]{result.accuracy:.3f}[/bold], macro-F1 [bold]{result.macro_f1:.3f}[/bold]"
    )
    table = Table("intent", "precision", "recall", "F1", "support", "predicted")
    for s in result.per_intent:
        style = "red" if s.support and s.f1 < 0.8 else None
        table.add_row(
            s.intent,
            f"{s.precision:.3f}",
            f"{s.recall:.3f}" if s.support else "-",
            f"{s.f1:.3f}" if s.support else "-",
            str(s.support),
            str(s.predicted),
            style=style,
        )
    console.print(table)
    confusions = result.top_confusions(10)
    if confusions:
        worst = Table("intent", "predicted as", "count", title="most frequent confusions")
        for gold, pred, count in confusions:
            worst.add_row(gold, pred, str(count))
        console.print(worst)


def _write_png(result: Evaluation, path: Path, *, title: str) -> bool:
    """Draw the confusion matrix; False (with a hint) when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        err.print(
            "[yellow]note:[/yellow] no confusion-matrix picture: matplotlib is not installed. "
            f"Install it with: {escape(EVAL_EXTRA_HINT)}"
        )
        return False
    n = len(result.labels)
    side = max(6.0, 0.32 * n + 3)
    fig, ax = plt.subplots(figsize=(side, side), dpi=100)
    # Colour by share of the row (recall), so small intents are as visible as big ones.
    shares = [[c / max(1, sum(row)) for c in row] for row in result.confusion]
    ax.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    ax.set_xticks(range(n), result.labels, rotation=90, fontsize=8)
    ax.set_yticks(range(n), result.labels, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true intent")
    ax.set_title(
        f"{title}: accuracy {result.accuracy:.3f}, macro-F1 {result.macro_f1:.3f} (n={result.n})"
    )
    for i, row in enumerate(result.confusion):
        for j, count in enumerate(row):
            if count:
                color = "white" if shares[i][j] > 0.5 else "black"
                ax.text(j, i, str(count), ha="center", va="center", fontsize=7, color=color)
    fig.tight_layout()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format="png")
    except OSError as exc:
        _fail(f"{path}: cannot write the picture ({exc.strerror})")
    finally:
        plt.close(fig)
    return True


@nlu_app.command()
def predict(
    text: Annotated[str, typer.Argument(help="A customer message")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    model: Annotated[
        Path | None, typer.Option(help="A model saved by `nlu train` (default: the built-in one)")
    ] = None,
    locale: Annotated[
        str | None, typer.Option(help="The conversation's language, for short messages")
    ] = None,
) -> None:
    """What the model understands in one message: intent, ranking, entities, language, mood."""
    result = _model(model).understand(text, hint_locale=locale, now=datetime.now(UTC))
    payload: dict[str, Any] = {
        "intent": result.intent,
        "confidence": result.confidence,
        "ranking": [{"intent": i, "p": p} for i, p in result.intent_ranking[:3]],
        "entities": [e.model_dump() for e in result.entities],
        "language": result.language,
        "language_confidence": result.language_confidence,
        "sentiment": result.sentiment,
    }
    if as_json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    console.print(f"intent      [bold]{result.intent}[/bold]  (confidence {result.confidence:.2f})")
    ranking = ", ".join(f"{i} {p:.2f}" for i, p in result.intent_ranking[:3])
    console.print(f"top 3       {ranking}", highlight=False)
    entities = ", ".join(f"{e.type}={e.value}" for e in result.entities) or "-"
    console.print(f"entities    {escape(entities)}", highlight=False)
    console.print(
        f"language    {result.language or 'unknown'} (confidence {result.language_confidence:.2f})"
    )
    console.print(f"sentiment   {result.sentiment:+.2f}")
