"""`shopdesk kb import FOLDER`: markdown articles per locale folder, upserted by slug + locale,
every file checked before anything is written, errors naming the file and the problem."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

SHOPDESK = str(Path(sys.executable).with_name("shopdesk"))

RETURNS_EN = (
    "# Returns\n\nYou can return any item within 30 days.\n\n## Labels\n\nLabels are free.\n"
)
RETURNS_ES = "# Devoluciones\n\nPuedes devolver cualquier artículo en 30 días.\n"
GIFTS_EN = "---\nurl: https://shop.example/help/gifts\n---\n# Gift wrapping\n\nWe wrap for €3.50.\n"


def kb_import(folder: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHOPDESK_")}
    environment["SHOPDESK_DATABASE_URL"] = f"sqlite:///{tmp_path / 'shop.db'}"
    environment["COLUMNS"] = "400"  # rich wraps its output at the terminal width
    return subprocess.run(
        [SHOPDESK, "kb", "import", str(folder)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def articles(tmp_path: Path) -> list[tuple[str, str, str, str, str]]:
    with sqlite3.connect(tmp_path / "shop.db") as db:
        rows = db.execute("SELECT slug, locale, title, body, extra FROM articles ORDER BY 1, 2")
        return list(rows)


def good_folder(tmp_path: Path) -> Path:
    files = {"en/returns.md": RETURNS_EN, "es/returns.md": RETURNS_ES, "en/gifts.md": GIFTS_EN}
    return write(tmp_path / "kb", files)


def test_a_folder_of_markdown_is_imported_by_slug_and_locale(tmp_path: Path) -> None:
    done = kb_import(good_folder(tmp_path), tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 created, 0 updated, 0 unchanged" in done.stdout
    rows = articles(tmp_path)
    assert [(slug, locale, title) for slug, locale, title, _, _ in rows] == [
        ("gifts", "en", "Gift wrapping"),
        ("returns", "en", "Returns"),
        ("returns", "es", "Devoluciones"),
    ]
    assert rows[1][3] == "You can return any item within 30 days.\n\n## Labels\n\nLabels are free."
    assert json.loads(rows[0][4]) == {"url": "https://shop.example/help/gifts"}


def test_importing_again_is_idempotent_and_updates_changed_articles(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    assert kb_import(folder, tmp_path).returncode == 0
    again = kb_import(folder, tmp_path)
    assert again.returncode == 0, again.stderr
    assert "0 created, 0 updated, 3 unchanged" in again.stdout
    write(folder, {"es/returns.md": "# Devoluciones\n\nTienes 60 días.\n"})
    changed = kb_import(folder, tmp_path)
    assert "0 created, 1 updated, 2 unchanged" in changed.stdout
    assert ("returns", "es") in [(r[0], r[1]) for r in articles(tmp_path) if "60" in r[3]]
    assert len(articles(tmp_path)) == 3


def failing(tmp_path: Path, files: dict[str, str | bytes]) -> str:
    folder = write(tmp_path / "kb", {"en/fine.md": "# Fine\n\nA good article.\n", **files})
    done = kb_import(folder, tmp_path)
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stderr
    # Nothing is written when any file is wrong, not even the good ones.
    assert not (tmp_path / "shop.db").exists() or articles(tmp_path) == []
    return " ".join(done.stderr.split())


def test_a_folder_that_is_not_a_locale_is_named(tmp_path: Path) -> None:
    message = failing(tmp_path, {"english/returns.md": RETURNS_EN})
    assert "english" in message
    assert "not a supported locale" in message


def test_a_file_without_a_title_is_named(tmp_path: Path) -> None:
    message = failing(tmp_path, {"fr/retours.md": "Vous pouvez retourner un article.\n"})
    assert "retours.md" in message
    assert "no title" in message


def test_a_file_with_an_empty_body_is_named(tmp_path: Path) -> None:
    message = failing(tmp_path, {"de/leer.md": "# Leer\n\n   \n"})
    assert "leer.md" in message
    assert "empty body" in message


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    latin1 = "# Envíos\n\nEnviamos a toda España.\n".encode("latin-1")
    message = failing(tmp_path, {"es/envios.md": latin1})
    assert "envios.md" in message
    assert "not UTF-8" in message


def test_a_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty" / "en").mkdir(parents=True)
    done = kb_import(tmp_path / "empty", tmp_path)
    assert done.returncode == 2
    assert "no articles" in done.stderr
